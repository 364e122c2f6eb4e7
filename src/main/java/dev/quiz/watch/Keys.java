package dev.quiz.watch;

import dev.quiz.exec.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Single keys from the terminal without Enter: the terminal is put into non-canonical, no-echo
 * mode with stty for the session and restored on exit, Ctrl-C included.
 */
public final class Keys {
    private Keys() {
    }

    /** Starts reading keys if stdin is a terminal; returns false (and does nothing) otherwise. */
    public static boolean start(IntConsumer onKey) {
        if (System.console() == null) {
            return false;
        }
        String saved = stty("-g");
        if (saved == null || stty("-icanon", "-echo", "min", "1") == null) {
            return false;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stty(saved), "quiz-restore-terminal"));
        Thread reader = new Thread(() -> {
            InputStream in = System.in;
            try {
                int c;
                while ((c = in.read()) >= 0) {
                    onKey.accept(c);
                }
            } catch (IOException e) {
                // the terminal went away
            }
        }, "quiz-keys");
        reader.setDaemon(true);
        reader.start();
        return true;
    }

    /** Runs stty on the controlling terminal; its output, or null when it fails. */
    public static String stty(String... args) {
        List<String> command = new ArrayList<>(List.of("stty", "-F", "/dev/tty"));
        command.addAll(List.of(args));
        try {
            ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of(command), Duration.ofSeconds(2));
            return r.ok() ? r.stdout().strip() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
