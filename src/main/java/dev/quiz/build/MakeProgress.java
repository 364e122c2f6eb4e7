package dev.quiz.build;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns kbuild's "  CC      fs/ext4/inode.o" lines into a short progress status. */
final class MakeProgress {
    private static final Pattern STEP = Pattern.compile("^\\s{2}([A-Z][A-Z0-9_ \\[\\]]{1,10}?)\\s+(\\S+)\\s*$");

    private final String what;
    private final long startNanos = System.nanoTime();
    private int steps;

    MakeProgress(String what) {
        this.what = what;
    }

    /** The status after this line, or null if the line is not a build step. */
    String accept(String line) {
        Matcher m = STEP.matcher(line);
        if (!m.matches()) {
            return null;
        }
        steps++;
        return status(m.group(1).strip() + " " + m.group(2));
    }

    String status(String current) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        return String.format("%s: %d steps, %d:%02d  %s", what, steps, elapsed.toMinutes(),
                elapsed.toSecondsPart(), current);
    }
}
