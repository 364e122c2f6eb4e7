package dev.quiz.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the first compiler error in build output, as "file:line: error: message" relative to the tree. */
public final class CompilerErrors {
    private static final Pattern ERROR = Pattern.compile("^(\\S+?):(\\d+)(?::\\d+)?: (?:fatal )?error: (.*)$");
    private static final Pattern LINKER = Pattern.compile("^(?:/usr/bin/)?ld: (.*(?:undefined reference|multiple definition).*)$");
    private static final Pattern MODPOST = Pattern.compile("^ERROR: modpost: (.*)$");

    private CompilerErrors() {
    }

    public static Optional<String> first(List<String> lines, Path tree) {
        String prefix = tree.toAbsolutePath().normalize() + "/";
        for (String line : lines) {
            Matcher m = ERROR.matcher(line.strip());
            if (m.matches()) {
                String file = m.group(1).startsWith(prefix) ? m.group(1).substring(prefix.length()) : m.group(1);
                return Optional.of(file + ":" + m.group(2) + ": error: " + m.group(3));
            }
            Matcher l = LINKER.matcher(line.strip());
            if (l.matches()) {
                return Optional.of("ld: " + l.group(1));
            }
            Matcher mp = MODPOST.matcher(line.strip());
            if (mp.matches()) {
                return Optional.of("modpost: " + mp.group(1));
            }
        }
        return Optional.empty();
    }
}
