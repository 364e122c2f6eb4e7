package dev.quiz.build;

import dev.quiz.arch.Arch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest kernel's configuration: quiz's own fragments (the common one, then the
 * architecture's), then the user's fragments, then single overrides ({@code -e NAME}, {@code -m NAME}, {@code -d NAME}, {@code NAME=VALUE}), later
 * ones winning. Applied on top of {@code allnoconfig}; every requested value is checked afterwards,
 * because Kconfig silently drops an option whose dependencies are not met.
 */
public record KernelConfig(String text) {
    private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    private static final Pattern UNSET = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");
    private static final Pattern NAME = Pattern.compile("(CONFIG_)?[A-Za-z0-9_]+");

    /** quiz's fragments for an architecture: the common one, then the architecture's own. */
    public static String quizFragment(Arch arch) {
        return resource("common.config") + "\n" + resource(arch.configFragment());
    }

    private static String resource(String name) {
        try (InputStream in = KernelConfig.class.getResourceAsStream("/quiz/kernel/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KernelConfig of(Arch arch, List<Path> userFragments, List<String> overrides) throws IOException {
        StringBuilder sb = new StringBuilder(quizFragment(arch));
        for (Path fragment : userFragments) {
            if (!Files.isRegularFile(fragment)) {
                throw new IllegalArgumentException("--config " + fragment + ": no such file");
            }
            sb.append("\n# from ").append(fragment).append('\n').append(Files.readString(fragment));
        }
        if (!overrides.isEmpty()) {
            sb.append("\n# overrides\n");
            for (String override : overrides) {
                sb.append(overrideLine(override)).append('\n');
            }
        }
        return new KernelConfig(sb.toString());
    }

    /** One override: {@code -e NAME}, {@code -m NAME}, {@code -d NAME} arrive as "y:NAME", "m:NAME", "n:NAME"; or NAME=VALUE. */
    static String overrideLine(String override) {
        int colon = override.indexOf(':');
        if (colon == 1 && "ymn".indexOf(override.charAt(0)) >= 0) {
            String name = configName(override.substring(2));
            return override.charAt(0) == 'n' ? "# " + name + " is not set" : name + "=" + override.charAt(0);
        }
        int eq = override.indexOf('=');
        if (eq > 0) {
            return configName(override.substring(0, eq)) + "=" + override.substring(eq + 1);
        }
        throw new IllegalArgumentException("kernel option override '" + override + "': use -e NAME, -m NAME, -d NAME or --set NAME=VALUE");
    }

    private static String configName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a kernel config option name");
        }
        return name.startsWith("CONFIG_") ? name : "CONFIG_" + name;
    }

    /** Option to value ("n" for not set), last assignment winning. */
    public static Map<String, String> parse(String configText) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : configText.split("\n")) {
            String trimmed = line.strip();
            Matcher set = SET.matcher(trimmed);
            Matcher unset = UNSET.matcher(trimmed);
            if (set.matches()) {
                values.put(set.group(1), set.group(2));
            } else if (unset.matches()) {
                values.put(unset.group(1), "n");
            }
        }
        return values;
    }

    public Map<String, String> requested() {
        return parse(text);
    }

    /** Requested options the final .config does not have, as "CONFIG_X=y (got n)". */
    public List<String> unmet(String finalConfig) {
        Map<String, String> actual = parse(finalConfig);
        List<String> unmet = new ArrayList<>();
        requested().forEach((name, wanted) -> {
            String got = actual.getOrDefault(name, "n");
            if (!got.equals(wanted)) {
                unmet.add(name + "=" + wanted + " (got " + got + ")");
            }
        });
        return unmet;
    }
}
