package dev.quiz.profile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes ("256M", "2G") and durations ("90s", "5m", "1h30m") as people write them. */
public final class Units {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)i?B?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("((\\d+)h)?((\\d+)m(?!s))?((\\d+)s)?((\\d+)ms)?");

    private Units() {
    }

    /** Bytes; a bare number is MiB. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (like 512M or 2G)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toUpperCase();
        return switch (unit) {
            case "K" -> n << 10;
            case "", "M" -> n << 20;
            case "G" -> n << 30;
            default -> n << 40;
        };
    }

    /** A duration; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (like 90s, 5m or 1h30m)");
        }
        Duration d = Duration.ZERO;
        if (m.group(2) != null) {
            d = d.plusHours(Long.parseLong(m.group(2)));
        }
        if (m.group(4) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(4)));
        }
        if (m.group(6) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(6)));
        }
        if (m.group(8) != null) {
            d = d.plusMillis(Long.parseLong(m.group(8)));
        }
        return d;
    }

    public static String formatSize(long bytes) {
        if (bytes % (1L << 40) == 0) {
            return (bytes >> 40) + "T";
        }
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        return (bytes >> 10) + "K";
    }
}
