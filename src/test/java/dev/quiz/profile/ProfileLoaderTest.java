package dev.quiz.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    @TempDir
    Path dir;

    private ProfileLoader loader() {
        return new ProfileLoader(List.of(dir));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name + ".toml"), text);
    }

    private String error(String name) {
        return assertThrows(ProfileException.class, () -> loader().load(name)).getMessage();
    }

    @Test
    void readsEverySection() throws Exception {
        write("p", """
                description = "a test profile"
                [watch]
                include = ["module/**", "include/**"]
                exclude = "**.md"
                [build]
                debug = true
                configure_args = ["--enable-asan"]
                targets = ["all", "cstyle"]
                jobs = 3
                userland_uses_module = true
                [vm]
                kernel = "6.1"
                accel = "tcg"
                memory = "2G"
                cpus = 3
                disks = 2
                disk_size = "128M"
                append = ["spl.spl_panic_halt=1"]
                [guest]
                setup = "modprobe zfs"
                test = "zpool status"
                timeout = "90s"
                env = { ZFS_DEBUG = "1" }
                [verdict]
                fail_on_warning = true
                silence = "2m"
                """);
        Profile p = loader().load("p");
        assertEquals(new WatchPaths(List.of("module/**", "include/**"), List.of("**.md")), p.watch());
        assertEquals(Optional.of(true), p.get(ProfileKeys.DEBUG));
        assertEquals(List.of("--enable-asan"), p.get(ProfileKeys.CONFIGURE_ARGS));
        assertEquals(List.of("all", "cstyle"), p.get(ProfileKeys.TARGETS));
        assertEquals(Optional.of(3), p.get(ProfileKeys.JOBS));
        assertEquals(Optional.of(true), p.get(ProfileKeys.USERLAND_USES_MODULE));
        assertEquals(Optional.of("6.1"), p.get(ProfileKeys.KERNEL));
        assertEquals(Optional.of("tcg"), p.get(ProfileKeys.ACCEL));
        assertEquals(Optional.of(2L << 30), p.get(ProfileKeys.MEMORY));
        assertEquals(Optional.of(3), p.get(ProfileKeys.CPUS));
        assertEquals(Optional.of(new Profile.Disks(2, 128L << 20)), p.get(ProfileKeys.DISKS));
        assertEquals(List.of("spl.spl_panic_halt=1"), p.get(ProfileKeys.APPEND));
        assertEquals("modprobe zfs", p.get(ProfileKeys.SETUP));
        assertEquals(Optional.of("zpool status"), p.get(ProfileKeys.TEST));
        assertEquals(Optional.of(Duration.ofSeconds(90)), p.get(ProfileKeys.TIMEOUT));
        assertEquals("1", p.get(ProfileKeys.ENV).get("ZFS_DEBUG"));
        assertEquals(Optional.of(true), p.get(ProfileKeys.FAIL_ON_WARNING));
        assertEquals(Optional.of(Duration.ofMinutes(2)), p.get(ProfileKeys.SILENCE));
    }

    @Test
    void extendingRunsParentSetupFirstAndOverridesTheRest() throws Exception {
        write("base", "[watch]\ninclude = \"module/**\"\n[build]\ntargets = \"cstyle\"\n"
                + "[vm]\nkernel = \"6.1\"\nmemory = \"1G\"\ncpus = 1\n[guest]\nsetup = \"modprobe zfs\"\ntest = \"true\"\n");
        write("child", "extends = \"base\"\n[watch]\nexclude = \"module/os/freebsd/**\"\n[vm]\naccel = \"kvm\"\ncpus = 2\n"
                + "[guest]\nsetup = \"zpool create tank /dev/quizb0\"\n");
        Profile p = loader().load("child");
        assertEquals(new WatchPaths(List.of("module/**"), List.of("module/os/freebsd/**")), p.watch(),
                "include and exclude are inherited one by one");
        assertEquals(List.of("cstyle"), p.get(ProfileKeys.TARGETS));
        assertEquals(Optional.of("6.1"), p.get(ProfileKeys.KERNEL));
        assertEquals(Optional.of("kvm"), p.get(ProfileKeys.ACCEL));
        assertEquals("modprobe zfs\nzpool create tank /dev/quizb0", p.get(ProfileKeys.SETUP));
        assertEquals(Optional.of(2), p.get(ProfileKeys.CPUS));
        assertEquals(Optional.of(1L << 30), p.get(ProfileKeys.MEMORY));
        assertEquals(Optional.of("true"), p.get(ProfileKeys.TEST));
    }

    @Test
    void guestEnvKeepsTheOrderWrittenParentFirst() throws Exception {
        write("base", "[guest]\nenv = { ZED = \"1\", ALPHA = \"2\", MID = \"3\" }\n");
        write("child", "extends = \"base\"\n[guest]\nenv = { BETA = \"4\", ALPHA = \"5\" }\n");
        assertEquals(List.of("ZED=1", "ALPHA=5", "MID=3", "BETA=4"), loader().load("child").get(ProfileKeys.ENV).entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Test
    void errorsNameFileLineAndProblem() throws IOException {
        write("unknown", "description = \"x\"\n[vm]\nmemroy = \"1G\"\n");
        String e = error("unknown");
        assertTrue(e.contains("unknown.toml:3: vm.memroy: unknown key"), e);
        assertTrue(e.contains("memory"), "lists the keys that exist: " + e);

        write("badsize", "[vm]\n\nmemory = \"lots\"\n");
        e = error("badsize");
        assertTrue(e.contains("badsize.toml:3: vm.memory: 'lots' is not a size"), e);

        write("badtype", "[vm]\ncpus = \"two\"\n");
        assertTrue(error("badtype").contains("badtype.toml:2: vm.cpus: expected a whole number, got \"two\""));

        write("syntax", "[vm\ncpus = 2\n");
        assertTrue(error("syntax").startsWith(dir.resolve("syntax.toml") + ":1: "), error("syntax"));

        write("loop", "extends = \"loop\"\n");
        assertTrue(error("loop").contains("extends itself"));

        assertTrue(error("nonexistent").contains("no profile named 'nonexistent'"));
        assertTrue(error("../etc/passwd").contains("may use only"));

        write("toosmall", "[vm]\nmemory = \"64M\"\n");
        assertTrue(error("toosmall").contains("toosmall.toml:2: vm.memory: must be at least 128M, got 64M"));

        write("accel", "[vm]\naccel = \"hvf\"\n");
        assertTrue(error("accel").contains("accel.toml:2: vm.accel: must be auto, kvm or tcg, got \"hvf\""), error("accel"));

        write("kernel", "[vm]\nkernel = \" \"\n");
        assertTrue(error("kernel").contains("kernel.toml:2: vm.kernel: must name a prepared kernel"), error("kernel"));

        write("glob", "[watch]\ninclude = [\"module/**\", \"[abc\"]\n");
        assertTrue(error("glob").contains("glob.toml:2: watch.include: '[abc' is not a valid glob"), error("glob"));

        write("absolute", "[watch]\n\nexclude = \"/usr/**\"\n");
        assertTrue(error("absolute").contains("absolute.toml:3: watch.exclude: '/usr/**' must be a glob relative to the tree"),
                error("absolute"));

        write("target", "[build]\ntargets = [\"all\", \"-k\"]\n");
        assertTrue(error("target").contains("target.toml:2: build.targets: '-k' is not a make target"), error("target"));

        write("watchkey", "[watch]\npaths = \"module\"\n");
        assertTrue(error("watchkey").contains("watchkey.toml:2: watch.paths: unknown key; keys in [watch] are exclude, include"),
                error("watchkey"));
    }

    /** Every check on a value, each with the line it is on and its message. */
    static List<Arguments> badValues() {
        return List.of(
                Arguments.of("vm = 3\n", ":1: vm: expected a table [vm]"),
                Arguments.of("description = 3\n", ":1: description: expected a string, got 3"),
                Arguments.of("[guest]\ntest = [\"a\"]\n", ":2: guest.test: expected a string, got a list"),
                Arguments.of("[guest]\ntimeout = \"soon\"\n",
                        ":2: guest.timeout: 'soon' is not a duration (like 90s, 5m or 1h30m)"),
                Arguments.of("[guest]\nenv = \"A=1\"\n",
                        ":2: guest.env: expected a table such as { NAME = \"value\" }, got \"A=1\""),
                Arguments.of("[guest]\nenv = { \"A-B\" = \"1\" }\n", ":2: guest.env: 'A-B' is not an environment variable name"),
                Arguments.of("[guest]\nenv = { A = 1 }\n", ":2: guest.env: A must be a string, got 1"),
                Arguments.of("[verdict]\nfail_on_warning = \"yes\"\n",
                        ":2: verdict.fail_on_warning: expected true or false, got \"yes\""),
                Arguments.of("[verdict]\nsilence = \"a while\"\n", ":2: verdict.silence: 'a while' is not a duration"),
                Arguments.of("[vm]\ncpus = 0\n", ":2: vm.cpus: must be between 1 and 64, got 0"),
                Arguments.of("[vm]\ndisks = 17\n", ":2: vm.disks: disks count must be 0 to 16, got 17"),
                Arguments.of("[vm]\ndisk_size = \"1K\"\n", ":2: vm.disk_size: disk size must be at least 1M"),
                Arguments.of("[vm]\nappend = [\"a\", 2]\n", ":2: vm.append: expected a list of strings, item 2 is 2"),
                Arguments.of("[vm]\nappend = 2\n", ":2: vm.append: expected a string or a list of strings, got 2"),
                Arguments.of("[build]\njobs = 0\n", ":2: build.jobs: must be between 1 and 1024, got 0"),
                Arguments.of("[build]\ndebug = 1\n", ":2: build.debug: expected true or false, got 1"),
                Arguments.of("[build]\nconfigure_args = { a = 1 }\n",
                        ":2: build.configure_args: expected a string or a list of strings, got a table"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void everyBadValueIsAnErrorWithFileLineKeyAndWhy(String toml, String message) throws IOException {
        write("bad", toml);
        String e = error("bad");
        assertTrue(e.startsWith(dir.resolve("bad.toml") + message), e);
    }

    @Test
    void unitsAsPeopleWriteThem() {
        assertEquals(512L << 20, Units.parseSize("512M"));
        assertEquals(2L << 30, Units.parseSize("2G"));
        assertEquals(2L << 30, Units.parseSize("2GiB"));
        assertEquals(256L << 20, Units.parseSize("256"));
        assertEquals(Duration.ofMinutes(90), Units.parseDuration("1h30m"));
        assertEquals(Duration.ofSeconds(45), Units.parseDuration("45"));
        assertEquals(Duration.ofMillis(300), Units.parseDuration("300ms"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("soon"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("big"));
    }
}
