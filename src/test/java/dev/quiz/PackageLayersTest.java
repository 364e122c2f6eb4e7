package dev.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' layers, as README's "How the code is laid out" tells them: cli, watch and cycle
 * drive the work and use what is below them; the stages vm, analysis, model and report take what
 * the stages before them produce and never call back up; profile, arch, exec and store are at
 * the bottom, where only profile uses another (arch, to read vm.arch).
 */
class PackageLayersTest {
    private static final Set<String> BOTTOM = Set.of("profile", "arch", "exec", "store");

    /** For each package, the other quiz packages it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("cli", with(BOTTOM, "watch", "suite", "cycle", "build", "vm", "analysis", "model", "report")),
            Map.entry("watch", with(BOTTOM, "cycle", "build", "vm", "analysis", "model", "report")),
            Map.entry("suite", with(BOTTOM, "cycle", "build", "vm", "analysis", "model", "report")),
            Map.entry("cycle", with(BOTTOM, "build", "vm", "analysis", "model", "report")),
            Map.entry("build", BOTTOM),
            Map.entry("vm", BOTTOM),
            Map.entry("analysis", with(BOTTOM, "vm")),
            Map.entry("model", with(BOTTOM, "vm", "analysis")),
            Map.entry("report", with(BOTTOM, "vm", "analysis", "model")),
            Map.entry("profile", Set.of("arch")),
            Map.entry("arch", Set.of()),
            Map.entry("exec", Set.of()),
            Map.entry("store", Set.of()));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.quiz\\.([a-z]+)\\.");

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        Path root = Path.of("src/main/java/dev/quiz");
        Map<String, Set<String>> wrong = new TreeMap<>();
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                packages.add(pkg);
                Set<String> allowed = ALLOWED.getOrDefault(pkg, Set.of());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        wrong.computeIfAbsent(root.relativize(file).toString(), k -> new TreeSet<>()).add(used);
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(ALLOWED.keySet()), packages, "every package, each placed in a layer");
        assertEquals(Map.of(), wrong, "files using a package above their own");
    }

    private static Set<String> with(Set<String> set, String... more) {
        Set<String> all = new TreeSet<>(set);
        all.addAll(List.of(more));
        return all;
    }
}
