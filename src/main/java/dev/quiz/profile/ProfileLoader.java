package dev.quiz.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Finds and reads profiles: TOML files named NAME.toml, looked up in the tree's
 * {@code .quiz/profiles}, then the user's {@code ~/.config/quiz/profiles}, then the ones shipped
 * with quiz. A profile may extend another; its values override the parent's, and setup scripts
 * run parent first. Every key is checked: an unknown key or a wrong value is an error naming the
 * file and line.
 */
public final class ProfileLoader {
    private static final String BUILT_IN = "/quiz/profiles/";
    /** The profiles shipped in watch-profiles/. */
    static final List<String> BUILT_IN_NAMES = List.of("module", "self-test", "zfs", "zfs-smoke", "ztest", "zts-quick");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("description", "extends", "watch", "vm", "guest", "verdict", "build"),
            "watch", Set.of("include", "exclude"),
            "build", Set.of("debug", "configure_args", "targets", "jobs", "userland_uses_module"),
            "vm", Set.of("kernel", "accel", "memory", "cpus", "disks", "disk_size", "append"),
            "guest", Set.of("setup", "test", "timeout", "env"),
            "verdict", Set.of("fail_on_warning", "silence"));

    private final List<Path> searchDirs;

    public ProfileLoader(List<Path> searchDirs) {
        this.searchDirs = List.copyOf(searchDirs);
    }

    /** The usual search path for a tree (which may be null). */
    public static ProfileLoader forTree(Path tree, Map<String, String> env, Path home) {
        List<Path> dirs = new ArrayList<>();
        if (tree != null) {
            dirs.add(tree.resolve(".quiz/profiles"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        dirs.add((xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("quiz/profiles"));
        return new ProfileLoader(dirs);
    }

    /** Every profile name with where it comes from; a name found earlier in the search path hides later ones. */
    public java.util.SortedMap<String, String> available() throws IOException {
        java.util.SortedMap<String, String> found = new java.util.TreeMap<>();
        for (Path dir : searchDirs) {
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    for (Path p : list.toList()) {
                        String f = p.getFileName().toString();
                        if (f.endsWith(".toml")) {
                            found.putIfAbsent(f.substring(0, f.length() - 5), p.toString());
                        }
                    }
                }
            }
        }
        for (String name : BUILT_IN_NAMES) {
            found.putIfAbsent(name, "built in (watch-profiles/" + name + ".toml)");
        }
        return found;
    }

    public Profile load(String name) throws ProfileException {
        return load(name, new LinkedHashSet<>());
    }

    private Profile load(String name, Set<String> chain) throws ProfileException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ProfileException("profile name '" + name + "' may use only letters, digits, '.', '_' and '-'");
        }
        if (!chain.add(name)) {
            throw new ProfileException("profile " + name + " extends itself: " + String.join(" -> ", chain) + " -> " + name);
        }
        Source source = find(name).orElseThrow(() -> new ProfileException("no profile named '" + name
                + "'; quiz profiles lists them"));
        Raw raw = parse(source);
        Profile own = raw.profile(name);
        if (raw.extendsName == null) {
            return own;
        }
        Profile parent = load(raw.extendsName, chain);
        return merge(parent, own);
    }

    private record Source(String label, String text) {
    }

    private Optional<Source> find(String name) throws ProfileException {
        for (Path dir : searchDirs) {
            Path file = dir.resolve(name + ".toml");
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(new Source(file.toString(), Files.readString(file)));
                } catch (IOException e) {
                    throw new ProfileException(file + ": cannot read: " + e.getMessage());
                }
            }
        }
        try (InputStream in = ProfileLoader.class.getResourceAsStream(BUILT_IN + name + ".toml")) {
            if (in != null) {
                return Optional.of(new Source("watch-profiles/" + name + ".toml (built in)",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new ProfileException("cannot read built-in profile " + name + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** A profile as written in one file, before its parent is applied. */
    private static final class Raw {
        final String label;
        final TomlParseResult toml;
        String extendsName;

        Raw(String label, TomlParseResult toml) {
            this.label = label;
            this.toml = toml;
        }

        ProfileException error(String key, String message) {
            TomlPosition pos = toml.inputPositionOf(key);
            return new ProfileException(label + (pos == null ? "" : ":" + pos.line()) + ": " + key + ": " + message);
        }

        Optional<String> string(String key) throws ProfileException {
            if (!toml.contains(key)) {
                return Optional.empty();
            }
            Object v = toml.get(key);
            if (!(v instanceof String s)) {
                throw error(key, "expected a string, got " + describe(v));
            }
            return Optional.of(s);
        }

        Optional<Long> integer(String key) throws ProfileException {
            if (!toml.contains(key)) {
                return Optional.empty();
            }
            Object v = toml.get(key);
            if (!(v instanceof Long l)) {
                throw error(key, "expected a whole number, got " + describe(v));
            }
            return Optional.of(l);
        }

        Optional<Boolean> bool(String key) throws ProfileException {
            if (!toml.contains(key)) {
                return Optional.empty();
            }
            Object v = toml.get(key);
            if (!(v instanceof Boolean b)) {
                throw error(key, "expected true or false, got " + describe(v));
            }
            return Optional.of(b);
        }

        Optional<Duration> duration(String key) throws ProfileException {
            Optional<String> s = string(key);
            try {
                return s.map(Units::parseDuration);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        Optional<Long> size(String key) throws ProfileException {
            Optional<String> s = string(key);
            try {
                return s.map(Units::parseSize);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        List<String> strings(String key) throws ProfileException {
            if (!toml.contains(key)) {
                return List.of();
            }
            Object v = toml.get(key);
            if (v instanceof String s) {
                return List.of(s);
            }
            if (v instanceof TomlArray array) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    if (!(array.get(i) instanceof String s)) {
                        throw error(key, "expected a list of strings, item " + (i + 1) + " is " + describe(array.get(i)));
                    }
                    out.add(s);
                }
                return out;
            }
            throw error(key, "expected a string or a list of strings, got " + describe(v));
        }

        Map<String, String> stringTable(String key) throws ProfileException {
            if (!toml.contains(key)) {
                return Map.of();
            }
            Object v = toml.get(key);
            if (!(v instanceof TomlTable table)) {
                throw error(key, "expected a table such as { NAME = \"value\" }, got " + describe(v));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String k : table.keySet()) {
                Object value = table.get(List.of(k));
                if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw error(key, "'" + k + "' is not an environment variable name");
                }
                if (!(value instanceof String s)) {
                    throw error(key, k + " must be a string, got " + describe(value));
                }
                out.put(k, s);
            }
            return out;
        }

        Profile profile(String name) throws ProfileException {
            Optional<Long> diskCount = integer("vm.disks");
            Optional<Long> diskSize = size("vm.disk_size");
            Optional<Profile.Disks> disks = Optional.empty();
            if (diskCount.isPresent() || diskSize.isPresent()) {
                try {
                    disks = Optional.of(new Profile.Disks(diskCount.orElse(1L).intValue(),
                            diskSize.orElse(256L << 20)));
                } catch (IllegalArgumentException e) {
                    throw error(diskCount.isPresent() ? "vm.disks" : "vm.disk_size", e.getMessage());
                }
            }
            Optional<Integer> cpus = checked("vm.cpus", integer("vm.cpus"), VmLimits::cpus);
            Optional<Long> memory = checked("vm.memory", size("vm.memory"), VmLimits::memory);
            Optional<String> accel = string("vm.accel");
            if (accel.isPresent() && !List.of("auto", "kvm", "tcg").contains(accel.get())) {
                throw error("vm.accel", "must be auto, kvm or tcg, got \"" + accel.get() + "\"");
            }
            Optional<String> kernel = string("vm.kernel");
            if (kernel.isPresent() && kernel.get().isBlank()) {
                throw error("vm.kernel", "must name a prepared kernel (such as \"6.1\") or a bzImage path");
            }
            return new Profile(name, string("description").orElse(""), label, watchPaths(), kernel, accel, memory,
                    cpus, disks, strings("vm.append"), string("guest.setup").orElse(""),
                    string("guest.test"), duration("guest.timeout"), stringTable("guest.env"),
                    bool("verdict.fail_on_warning"), duration("verdict.silence"), bool("build.debug"),
                    strings("build.configure_args"), makeTargets(), positive("build.jobs"),
                    bool("build.userland_uses_module"));
        }

        WatchPaths watchPaths() throws ProfileException {
            return new WatchPaths(globs("watch.include"), globs("watch.exclude"));
        }

        List<String> globs(String key) throws ProfileException {
            List<String> globs = strings(key);
            for (String glob : globs) {
                try {
                    WatchPaths.matcher(glob);
                } catch (IllegalArgumentException e) {
                    throw error(key, e.getMessage());
                }
            }
            return globs;
        }

        List<String> makeTargets() throws ProfileException {
            List<String> targets = strings("build.targets");
            for (String t : targets) {
                if (!t.matches("[A-Za-z0-9_][A-Za-z0-9_./+-]*")) {
                    throw error("build.targets", "'" + t + "' is not a make target (options and variables are not allowed)");
                }
            }
            return targets;
        }

        <T, R> Optional<R> checked(String key, Optional<T> value, java.util.function.Function<T, R> check)
                throws ProfileException {
            try {
                return value.map(check);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        Optional<Integer> positive(String key) throws ProfileException {
            Optional<Long> n = integer(key);
            if (n.isPresent() && (n.get() < 1 || n.get() > 1024)) {
                throw error(key, "must be between 1 and 1024, got " + n.get());
            }
            return n.map(Long::intValue);
        }
    }

    private static Raw parse(Source source) throws ProfileException {
        TomlParseResult toml = Toml.parse(source.text());
        if (toml.hasErrors()) {
            TomlParseError e = toml.errors().get(0);
            throw new ProfileException(source.label() + ":" + e.position().line() + ": " + e.getMessage());
        }
        Raw raw = new Raw(source.label(), toml);
        checkKeys(raw, toml, "");
        raw.extendsName = raw.string("extends").orElse(null);
        return raw;
    }

    private static void checkKeys(Raw raw, TomlTable table, String prefix) throws ProfileException {
        Set<String> allowed = KEYS.get(prefix);
        for (String key : table.keySet()) {
            String dotted = prefix.isEmpty() ? key : prefix + "." + key;
            if (!allowed.contains(key)) {
                throw raw.error(dotted, "unknown key; " + (prefix.isEmpty() ? "top-level keys" : "keys in [" + prefix + "]")
                        + " are " + String.join(", ", allowed.stream().sorted().toList()));
            }
            Object value = table.get(List.of(key));
            if (prefix.isEmpty() && KEYS.containsKey(key)) {
                if (!(value instanceof TomlTable sub)) {
                    throw raw.error(dotted, "expected a table [" + key + "]");
                }
                checkKeys(raw, sub, key);
            }
        }
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray) {
            return "a list";
        }
        return String.valueOf(value);
    }

    /** The child's values over the parent's; setup scripts run parent first; kernel args and env add up. */
    static Profile merge(Profile parent, Profile child) {
        String setup = parent.setup().isBlank() ? child.setup()
                : child.setup().isBlank() ? parent.setup() : parent.setup().stripTrailing() + "\n" + child.setup();
        List<String> args = new ArrayList<>(parent.kernelArgs());
        args.addAll(child.kernelArgs());
        Map<String, String> env = new LinkedHashMap<>(parent.environment());
        env.putAll(child.environment());
        return new Profile(child.name(),
                child.description().isEmpty() ? parent.description() : child.description(),
                child.source(),
                new WatchPaths(child.watch().include().isEmpty() ? parent.watch().include() : child.watch().include(),
                        child.watch().exclude().isEmpty() ? parent.watch().exclude() : child.watch().exclude()),
                child.kernel().or(parent::kernel),
                child.accel().or(parent::accel),
                child.memoryBytes().or(parent::memoryBytes),
                child.cpus().or(parent::cpus),
                child.disks().or(parent::disks),
                args, setup,
                child.test().or(parent::test),
                child.timeout().or(parent::timeout),
                env,
                child.failOnWarning().or(parent::failOnWarning),
                child.silence().or(parent::silence),
                child.debugBuild().or(parent::debugBuild),
                child.configureArgs().isEmpty() ? parent.configureArgs() : child.configureArgs(),
                child.makeTargets().isEmpty() ? parent.makeTargets() : child.makeTargets(),
                child.jobs().or(parent::jobs),
                child.userlandUsesModule().or(parent::userlandUsesModule));
    }
}
