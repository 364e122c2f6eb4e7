package dev.quiz.profile;

import static dev.quiz.profile.TomlValues.BOOLEAN;
import static dev.quiz.profile.TomlValues.DURATION;
import static dev.quiz.profile.TomlValues.SIZE;
import static dev.quiz.profile.TomlValues.STRING;
import static dev.quiz.profile.TomlValues.STRINGS;
import static dev.quiz.profile.TomlValues.WHOLE_NUMBER;

import dev.quiz.arch.Arch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.tomlj.TomlTable;

/**
 * Every key a profile can set, each declared once. This table is what decides which keys a
 * profile file may use, how each is read and checked, how {@code extends} combines a profile
 * with its parent, and what {@code quiz profiles show} prints, in the order it prints them.
 */
public final class ProfileKeys {
    /** Which changed files start a watch cycle; include and exclude are inherited one by one. */
    public static final ProfileKey<List<String>> WATCH_INCLUDE =
            words("watch.include", STRINGS.andThen(ProfileKeys::globs), ProfileKeys::childUnlessEmpty);
    public static final ProfileKey<List<String>> WATCH_EXCLUDE =
            words("watch.exclude", STRINGS.andThen(ProfileKeys::globs), ProfileKeys::childUnlessEmpty);
    public static final ProfileKey<Optional<String>> KERNEL =
            setting("vm.kernel", STRING.andThen(ProfileKeys::kernel), kernel -> kernel);
    public static final ProfileKey<Optional<String>> ACCEL =
            setting("vm.accel", STRING.andThen(ProfileKeys::accel), accel -> accel);
    public static final ProfileKey<Optional<Arch>> ARCH =
            setting("vm.arch", STRING.andThen(Arch::parse), Arch::id);
    public static final ProfileKey<Optional<Long>> MEMORY =
            setting("vm.memory", SIZE.andThen(VmLimits::memory), Units::formatSize);
    public static final ProfileKey<Optional<Integer>> CPUS =
            setting("vm.cpus", WHOLE_NUMBER.andThen(VmLimits::cpus), String::valueOf);
    /** disks and disk_size make one value: a profile that sets either replaces its parent's pair. */
    public static final ProfileKey<Optional<Profile.Disks>> DISKS =
            new ProfileKey<>(List.of("vm.disks", "vm.disk_size"), Optional.empty(), ProfileKeys::disks,
                    ProfileKeys::childOverParent,
                    shown("vm.disks", disks -> disks.count() + " x " + Units.formatSize(disks.sizeBytes())));
    /** Host directories at guest paths: the parent's, then the child's. */
    public static final ProfileKey<List<HostDir>> DIRS =
            new ProfileKey<>(List.of("vm.dirs"), List.of(), file -> file.value("vm.dirs", STRINGS.andThen(ProfileKeys::dirs))
                    .orElse(List.of()), ProfileKeys::parentThenChild,
                    dirs -> dirs.isEmpty() ? List.of() : List.of(line("vm.dirs",
                            String.join(" ", dirs.stream().map(HostDir::text).toList()))));
    /** Kernel command-line arguments: the parent's, then the child's. */
    public static final ProfileKey<List<String>> APPEND =
            words("vm.append", STRINGS, ProfileKeys::parentThenChild);
    public static final ProfileKey<Optional<Duration>> TIMEOUT =
            setting("guest.timeout", DURATION, ProfileKeys::seconds);
    /** Environment variables: the parent's and the child's, the child's value where both set one. */
    public static final ProfileKey<Map<String, String>> ENV =
            new ProfileKey<>(List.of("guest.env"), Map.of(),
                    file -> file.value("guest.env", ProfileKeys::environment).orElse(Map.of()),
                    ProfileKeys::childOverParentByName,
                    env -> env.entrySet().stream().map(e -> "guest.env." + e.getKey() + " = " + e.getValue()).toList());
    public static final ProfileKey<Optional<Boolean>> DEBUG =
            setting("build.debug", BOOLEAN, String::valueOf);
    public static final ProfileKey<List<String>> CONFIGURE_ARGS =
            words("build.configure_args", STRINGS, ProfileKeys::childUnlessEmpty);
    public static final ProfileKey<List<String>> TARGETS =
            words("build.targets", STRINGS.andThen(ProfileKeys::makeTargets), ProfileKeys::childUnlessEmpty);
    public static final ProfileKey<Optional<Integer>> JOBS =
            setting("build.jobs", WHOLE_NUMBER.andThen(ProfileKeys::jobs), String::valueOf);
    public static final ProfileKey<Optional<Boolean>> USERLAND_USES_MODULE =
            setting("build.userland_uses_module", BOOLEAN, String::valueOf);
    public static final ProfileKey<Optional<Boolean>> FAIL_ON_WARNING =
            setting("verdict.fail_on_warning", BOOLEAN, String::valueOf);
    /** Whether a guest that panics or asserts has its memory saved as a vmcore (the default). */
    public static final ProfileKey<Optional<Boolean>> VMCORE =
            setting("verdict.vmcore", BOOLEAN, String::valueOf);
    public static final ProfileKey<Optional<Duration>> SILENCE =
            setting("verdict.silence", DURATION, ProfileKeys::seconds);
    /** Setup scripts add up: the parent's runs first. Shown even when empty. */
    public static final ProfileKey<String> SETUP =
            new ProfileKey<>(List.of("guest.setup"), "", file -> file.value("guest.setup", STRING).orElse(""),
                    ProfileKeys::parentScriptFirst, setup -> script("guest.setup", setup));
    public static final ProfileKey<Optional<String>> TEST =
            new ProfileKey<>(List.of("guest.test"), Optional.empty(), file -> file.value("guest.test", STRING),
                    ProfileKeys::childOverParent, test -> test.map(t -> script("guest.test", t)).orElse(List.of()));

    public static final List<ProfileKey<?>> ALL = List.of(WATCH_INCLUDE, WATCH_EXCLUDE, KERNEL, ACCEL, ARCH, MEMORY, CPUS,
            DISKS, DIRS, APPEND, TIMEOUT, ENV, DEBUG, CONFIGURE_ARGS, TARGETS, JOBS, USERLAND_USES_MODULE, FAIL_ON_WARNING,
            SILENCE, VMCORE, SETUP, TEST);

    private ProfileKeys() {
    }

    /** A value that, when a profile sets it, replaces its parent's; shown as NAME = TEXT. */
    private static <V> ProfileKey<Optional<V>> setting(String name, Function<Object, V> read,
            Function<V, String> text) {
        return new ProfileKey<>(List.of(name), Optional.empty(), file -> file.value(name, read),
                ProfileKeys::childOverParent, shown(name, text));
    }

    /** A list of words, shown on one line when there are any. */
    private static ProfileKey<List<String>> words(String name, Function<Object, List<String>> read,
            BinaryOperator<List<String>> merge) {
        return new ProfileKey<>(List.of(name), List.of(), file -> file.value(name, read).orElse(List.of()), merge,
                words -> words.isEmpty() ? List.of() : List.of(line(name, String.join(" ", words))));
    }

    private static <V> Function<Optional<V>, List<String>> shown(String name, Function<V, String> text) {
        return value -> value.map(v -> List.of(line(name, text.apply(v)))).orElse(List.of());
    }

    /** NAME = TEXT; [vm] names are padded to line up with the name, description and source lines above them. */
    private static String line(String name, String text) {
        return String.format(name.startsWith("vm.") ? "%-11s = %s" : "%s = %s", name, text);
    }

    private static List<String> script(String name, String script) {
        List<String> lines = new ArrayList<>(List.of(name + ":"));
        script.lines().map(line -> "    " + line).forEach(lines::add);
        if (lines.size() == 1) {
            lines.add("    (none)");
        }
        return lines;
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }

    private static <V> Optional<V> childOverParent(Optional<V> parent, Optional<V> child) {
        return child.or(() -> parent);
    }

    private static List<String> childUnlessEmpty(List<String> parent, List<String> child) {
        return child.isEmpty() ? parent : child;
    }

    private static <T> List<T> parentThenChild(List<T> parent, List<T> child) {
        List<T> both = new ArrayList<>(parent);
        both.addAll(child);
        return List.copyOf(both);
    }

    private static Map<String, String> childOverParentByName(Map<String, String> parent, Map<String, String> child) {
        Map<String, String> both = new LinkedHashMap<>(parent);
        both.putAll(child);
        return Collections.unmodifiableMap(both);
    }

    private static String parentScriptFirst(String parent, String child) {
        return parent.isBlank() ? child : child.isBlank() ? parent : parent.stripTrailing() + "\n" + child;
    }

    private static List<String> globs(List<String> globs) {
        globs.forEach(WatchPaths::matcher);
        return globs;
    }

    private static List<HostDir> dirs(List<String> specs) {
        Path home = Path.of(System.getProperty("user.home"));
        return specs.stream().map(spec -> HostDir.parse(spec, home)).toList();
    }

    private static String kernel(String kernel) {
        if (kernel.isBlank()) {
            throw new IllegalArgumentException("must name a prepared kernel (such as \"6.1\") or a bzImage path");
        }
        return kernel;
    }

    private static String accel(String accel) {
        if (!List.of("auto", "kvm", "tcg").contains(accel)) {
            throw new IllegalArgumentException("must be auto, kvm or tcg, got \"" + accel + "\"");
        }
        return accel;
    }

    private static Optional<Profile.Disks> disks(ProfileFile file) throws ProfileException {
        Optional<Long> count = file.value("vm.disks", WHOLE_NUMBER);
        Optional<Long> size = file.value("vm.disk_size", SIZE);
        if (count.isEmpty() && size.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Profile.Disks(count.orElse(1L).intValue(), size.orElse(256L << 20)));
        } catch (IllegalArgumentException e) {
            throw file.error(count.isPresent() ? "vm.disks" : "vm.disk_size", e.getMessage());
        }
    }

    /** In the order written, so the guest exports them in that order. */
    private static Map<String, String> environment(Object value) {
        if (!(value instanceof TomlTable table)) {
            throw new IllegalArgumentException("expected a table such as { NAME = \"value\" }, got "
                    + TomlValues.describe(value));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : table.keySet()) {
            Object v = table.get(List.of(name));
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + name + "' is not an environment variable name");
            }
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException(name + " must be a string, got " + TomlValues.describe(v));
            }
            env.put(name, s);
        }
        return Collections.unmodifiableMap(env);
    }

    private static List<String> makeTargets(List<String> targets) {
        for (String target : targets) {
            if (!target.matches("[A-Za-z0-9_][A-Za-z0-9_./+-]*")) {
                throw new IllegalArgumentException("'" + target
                        + "' is not a make target (options and variables are not allowed)");
            }
        }
        return targets;
    }

    private static int jobs(long n) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("must be between 1 and 1024, got " + n);
        }
        return (int) n;
    }
}
