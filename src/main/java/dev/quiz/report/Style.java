package dev.quiz.report;

import dev.quiz.analysis.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fusesource.jansi.Ansi;

/** Colour, or none: {@code --color=auto} colours only a terminal, and never when NO_COLOR is set. */
public record Style(boolean colour, boolean terminal) {

    public enum Mode {
        AUTO, ALWAYS, NEVER
    }

    public static Style detect(Mode mode, Map<String, String> env) {
        boolean terminal = stdoutIsTerminal();
        boolean noColor = env.getOrDefault("NO_COLOR", "").length() > 0;
        boolean colour = switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal && !noColor && !"dumb".equals(env.get("TERM"));
        };
        return new Style(colour, terminal);
    }

    /**
     * Whether stdout is a terminal: what its file descriptor names, which Linux tells without
     * the native library jansi would load to ask isatty (tens of milliseconds of every command).
     */
    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    public String verdict(Verdict verdict) {
        String word = verdict.label();
        if (!colour) {
            return word;
        }
        Ansi ansi = Ansi.ansi().bold();
        ansi = switch (verdict) {
            case PASS -> ansi.fgGreen();
            case FAIL, BUILD_FAILED, BOOT_FAILED -> ansi.fgRed();
            case TIMEOUT, HANG, NO_VERDICT -> ansi.fgYellow();
            case PANIC, OOPS, ASSERT -> ansi.fgBrightRed();
        };
        return ansi.a(word).reset().toString();
    }

    /** A word for something that went wrong in quiz itself, not a verdict: as loud as a failure. */
    public String alarm(String word) {
        return colour ? Ansi.ansi().bold().fgRed().a(word).reset().toString() : word;
    }

    public String dim(String text) {
        return colour ? Ansi.ansi().fgBrightBlack().a(text).reset().toString() : text;
    }

    public String bold(String text) {
        return colour ? Ansi.ansi().bold().a(text).reset().toString() : text;
    }

    public String warn(String text) {
        return colour ? Ansi.ansi().fgYellow().a(text).reset().toString() : text;
    }
}
