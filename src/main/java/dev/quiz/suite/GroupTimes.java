package dev.quiz.suite;

import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each test group took when it last ran, in seconds: what the next run's shards are
 * balanced by. A plain file (GROUP TAB SECONDS per line), so it can be handed to other hosts
 * that must plan the same shards.
 */
public final class GroupTimes {
    private GroupTimes() {
    }

    public static Map<String, Double> read(Path file) throws IOException {
        Map<String, Double> times = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return times;
        }
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String[] parts = line.split("\t");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                times.put(parts[0], Double.parseDouble(parts[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + n + ": not GROUP<tab>SECONDS: " + line);
            }
        }
        return times;
    }

    /** Adds what this run measured to what the file held, the new times winning, written whole. */
    public static void record(Path file, Map<String, Double> measured) throws IOException {
        Map<String, Double> times = read(file);
        times.putAll(measured);
        StringBuilder sb = new StringBuilder("# quiz zts: seconds each test group took when it last ran\n");
        times.forEach((group, seconds) -> sb.append(group).append('\t')
                .append(String.format(Locale.ROOT, "%.1f", seconds)).append('\n'));
        AtomicFiles.writeString(file, sb.toString());
    }
}
