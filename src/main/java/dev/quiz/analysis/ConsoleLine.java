package dev.quiz.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console line made readable: ANSI escapes and carriage returns removed, and the mark that
 * tells a kernel message from program output split off. The marks are those of the common
 * kernel log forms: a printk timestamp {@code [    1.234567]}, a syslog or journal prefix
 * ending in {@code kernel:}, a {@code dmesg -T} time, a {@code <4>} level, a /dev/kmsg record's
 * head and {@code dmesg -x}'s facility and level. {@code text} is the kernel's message, or the
 * whole line when it has no mark; {@code outputBefore} is program output that the kernel's
 * message was printed into, before its timestamp.
 */
public record ConsoleLine(String text, boolean kernel, String outputBefore) {
    private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[@-Z\\\\-_])");
    private static final Pattern SYSLOG = Pattern.compile(
            "(?:[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?"
                    + "|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)"
                    + " \\S+ (?:[a-z]+\\.[a-z]+ )?(?<program>[^\\s\\[:]+)(?:\\[\\d+\\])?: ");
    /** "<4>" (dmesg -r), "4,1234,5678901,-;" (/dev/kmsg) and "kern  :warn  : " (dmesg -x). */
    private static final Pattern LOG_HEAD = Pattern.compile(
            "<\\d{1,3}>|\\d{1,3},\\d+,\\d+,[-+c](?:,[^;\\s]+)*;"
                    + "|[a-z0-9]+ *:(?:emerg|alert|crit|err|warn|notice|info|debug) *: ");
    /** A printk timestamp (with a caller id when the kernel adds one), or dmesg -T's time of day. */
    private static final Pattern TIME = Pattern.compile(
            "(?:\\[\\s*\\d+\\.\\d+\\](?:\\[\\s*[TC]\\d+\\])?"
                    + "|\\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}\\])\\s?");
    /** Only the kernel's full {@code [%5lu.%06lu]} form counts after other text on the line. */
    private static final Pattern PRINTK_TIME_INSIDE = Pattern.compile(
            "\\[\\s*\\d+\\.\\d{6}\\](?:\\[\\s*[TC]\\d+\\])?\\s?");

    public static ConsoleLine of(String raw) {
        String clean = clean(raw);
        Matcher syslog = SYSLOG.matcher(clean);
        if (syslog.lookingAt()) {
            return syslog.group("program").equals("kernel")
                    ? kernelMessage(clean.substring(syslog.end()))
                    : new ConsoleLine(clean, false, "");
        }
        Matcher head = LOG_HEAD.matcher(clean);
        if (head.lookingAt()) {
            return kernelMessage(clean.substring(head.end()));
        }
        Matcher time = TIME.matcher(clean);
        if (time.lookingAt()) {
            return new ConsoleLine(clean.substring(time.end()), true, "");
        }
        Matcher inside = PRINTK_TIME_INSIDE.matcher(clean);
        if (inside.find()) {
            return new ConsoleLine(clean.substring(inside.end()), true, clean.substring(0, inside.start()));
        }
        return new ConsoleLine(clean, false, "");
    }

    private static String clean(String raw) {
        String clean = ANSI.matcher(raw).replaceAll("");
        int cr = clean.lastIndexOf('\r', clean.length() - 2);
        if (cr >= 0) {
            // What a terminal would show: the text after the last carriage return.
            clean = clean.substring(cr + 1);
        }
        return clean.replace("\r", "");
    }

    /** A message after a syslog or log-tool prefix, which may still carry its printk timestamp. */
    private static ConsoleLine kernelMessage(String message) {
        Matcher time = TIME.matcher(message);
        return new ConsoleLine(time.lookingAt() ? message.substring(time.end()) : message, true, "");
    }
}
