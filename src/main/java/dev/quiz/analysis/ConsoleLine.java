package dev.quiz.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console line made readable: ANSI escapes and carriage returns removed, and the kernel's
 * {@code [    1.234567]} timestamp split off, which also tells kernel messages from program output.
 */
public record ConsoleLine(String text, boolean kernel) {
    private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[@-Z\\\\-_])");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\](\\[\\s*[TC]\\d+\\])?\\s?");

    public static ConsoleLine of(String raw) {
        String clean = ANSI.matcher(raw).replaceAll("");
        int cr = clean.lastIndexOf('\r', clean.length() - 2);
        if (cr >= 0) {
            // What a terminal would show: the text after the last carriage return.
            clean = clean.substring(cr + 1);
        }
        clean = clean.replace("\r", "");
        Matcher m = TIMESTAMP.matcher(clean);
        if (m.find()) {
            return new ConsoleLine(clean.substring(m.end()), true);
        }
        return new ConsoleLine(clean, false);
    }
}
