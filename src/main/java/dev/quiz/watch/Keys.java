package dev.quiz.watch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static String stty(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("stty"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectInput(new File("/dev/tty")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
