package dev.quiz.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How long ago this process began, on the kernel's clock since boot: its start time in
 * /proc/self/stat against /proc/uptime, both to a hundredth of a second. (Java's own process
 * start instant is worth less here: it rests on a boot time known only to the second.)
 */
final class ProcessClock {
    /** The USER_HZ of every Linux architecture quiz runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessClock() {
    }

    static Optional<Duration> sinceStart() {
        try {
            return since(Files.readString(Path.of("/proc/self/stat")), Files.readString(Path.of("/proc/uptime")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** From the texts of /proc/self/stat and /proc/uptime. */
    static Optional<Duration> since(String stat, String uptime) {
        // The command name, in parentheses, may hold spaces: fields are counted after its end.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        double started = Long.parseLong(fields[19]) / TICKS_PER_SECOND;
        double now = Double.parseDouble(uptime.trim().split("\\s+")[0]);
        return now >= started ? Optional.of(Duration.ofMillis(Math.round((now - started) * 1000))) : Optional.empty();
    }
}
