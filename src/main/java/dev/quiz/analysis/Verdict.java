package dev.quiz.analysis;

/**
 * The one word a run ends with. The exit codes are chosen for {@code git bisect run}: the
 * command's own status passes through, 124 is a hang or timeout, 125 means nothing could be
 * tested (bisect skips the commit), and kernel crashes have codes of their own below 125.
 * NO VERDICT, 123, is for a saved log that shows neither the command's end nor a crash.
 */
public enum Verdict {
    PASS(0, "PASS"),
    FAIL(1, "FAIL"),
    ASSERT(120, "ASSERT"),
    OOPS(121, "OOPS"),
    PANIC(122, "PANIC"),
    NO_VERDICT(123, "NO VERDICT"),
    HANG(124, "HANG"),
    TIMEOUT(124, "TIMEOUT"),
    BOOT_FAILED(125, "BOOT FAILED"),
    BUILD_FAILED(125, "BUILD FAILED");

    /** quiz itself could not run: bad usage, a missing kernel or root. Bisect stops rather than judge. */
    public static final int QUIZ_ERROR = 250;
    /** Interrupted by Ctrl-C. (SIGTERM ends the JVM with 143, 128 + 15, whatever quiz returns.) */
    public static final int INTERRUPTED = 130;

    private final int exitCode;
    private final String label;

    Verdict(int exitCode, String label) {
        this.exitCode = exitCode;
        this.label = label;
    }

    /** quiz's exit code for this verdict; for FAIL, the command's own status. */
    public int exitCode(int guestStatus) {
        return this == FAIL && guestStatus > 0 ? guestStatus : exitCode;
    }

    public String label() {
        return label;
    }

    public boolean passed() {
        return this == PASS;
    }

    /** A kernel-side problem: the trace matters more than the command's output. */
    public boolean kernelCrash() {
        return this == ASSERT || this == OOPS || this == PANIC || this == HANG;
    }
}
