package dev.quiz.vm;

/** Receives what a running VM produces, on quiz's reader threads. */
public interface VmListener {
    /** A line of the serial console: kernel messages and the command's output. */
    void consoleLine(String line);

    /** A message from quiz's guest init over the status port. */
    void guestMessage(GuestMessage message);

    /** The guest kernel told qemu through pvpanic that it panicked; a paused guest waits for quiz. */
    void guestPanicked();

    /** Whether the console so far holds no kernel report: a boot that warned is not saved for later runs. */
    boolean bootIsClean();

    /**
     * Something the user should know that does not change the run's outcome, such as a boot that
     * could not be saved.
     */
    void note(String text);
}
