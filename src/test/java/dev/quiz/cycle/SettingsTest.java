package dev.quiz.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import dev.quiz.profile.HostDir;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileLoader;
import dev.quiz.vm.Accel;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.KvmHost;
import dev.quiz.vm.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place run settings are decided: command line over profile over defaults, for run and watch alike. */
class SettingsTest {
    @TempDir
    Path tmp;

    /** A TCG host with virtiofsd and a terminal of 40 rows by 120 columns. */
    private static final class Facts implements Settings.Host {
        boolean virtiofsd = true;
        boolean terminal = true;

        @Override
        public KvmHost.AccelChoice accel(AccelRequest request, Arch arch) {
            return new KvmHost(false, true, false).choose(request, arch);
        }

        @Override
        public OptionalLong tscKhz() {
            return OptionalLong.of(2_596_120);
        }

        @Override
        public boolean virtiofsd() {
            return virtiofsd;
        }

        @Override
        public boolean terminal() {
            return terminal;
        }

        @Override
        public int[] terminalSize() {
            return new int[] {40, 120};
        }
    }

    private final Facts host = new Facts();

    private static RunOptions asRun(List<String> command) {
        return RunOptions.none().withCommand(command, false, true);
    }

    private static RunOptions asWatch() {
        return RunOptions.none();
    }

    @Test
    void theDefaults() {
        RunSettings s = Settings.run(asRun(List.of("true")), Profile.none(), host);
        assertEquals(1024, s.vm().memoryMiB());
        assertEquals(2, s.vm().cpus());
        assertEquals(Accel.TCG, s.vm().accel().accel());
        assertEquals(Share.Transport.NINE_P, s.vm().share());
        assertEquals(OptionalLong.of(2_596_120), s.vm().tscKhz(), "TCG gets the host's TSC rate");
        assertEquals(Optional.of(Duration.ofMinutes(10)), s.limits().timeout());
        assertEquals(Optional.of(Duration.ofMinutes(5)), s.limits().silence());
        assertEquals(new RunSettings.Guest(List.of("true"), false, false, 0, 0), s.guest());
        assertFalse(s.verdict().failOnWarning());
    }

    @Test
    void theCommandLineWinsOverTheProfileWhichWinsOverTheDefaults() throws Exception {
        Profile profile = profile("p", "[vm]\nmemory = \"2G\"\ncpus = 3\naccel = \"tcg\"\nappend = [\"a=1\"]\n"
                + "[guest]\ntimeout = \"3m\"\ntest = \"zpool status\"\n[verdict]\nsilence = \"1m\"\nfail_on_warning = true\n");
        RunSettings fromProfile = Settings.run(asRun(List.of()), profile, host);
        assertEquals(2048, fromProfile.vm().memoryMiB());
        assertEquals(3, fromProfile.vm().cpus());
        assertEquals("TCG (as asked)", fromProfile.vm().accel().reason());
        assertEquals(List.of("a=1"), fromProfile.vm().kernelArgs());
        assertEquals(Optional.of(Duration.ofMinutes(3)), fromProfile.limits().timeout());
        assertEquals(Optional.of(Duration.ofMinutes(1)), fromProfile.limits().silence());
        assertEquals(List.of("zpool status"), fromProfile.guest().command());
        assertTrue(fromProfile.verdict().failOnWarning());

        RunOptions asked = RunOptions.none().withAccel(Optional.of(AccelRequest.AUTO))
                .withShare(Optional.of(Share.Transport.VIRTIOFS)).withMemoryBytes(Optional.of(512L << 20))
                .withCpus(Optional.of(1)).withAppend(List.of("b=2")).withQemuArgs(List.of("-d", "int"))
                .withTimeout(Optional.of(Duration.ofSeconds(90))).withSilence(Optional.of(Duration.ofSeconds(30)))
                .withCommand(List.of("uname", "-a"), false, true);
        RunSettings fromCli = Settings.run(asked, profile, host);
        assertEquals(512, fromCli.vm().memoryMiB());
        assertEquals(1, fromCli.vm().cpus());
        assertTrue(fromCli.vm().accel().reason().startsWith("TCG, because"), fromCli.vm().accel().reason());
        assertEquals(Share.Transport.VIRTIOFS, fromCli.vm().share());
        assertEquals(List.of("a=1", "b=2"), fromCli.vm().kernelArgs(), "kernel arguments add up");
        assertEquals(List.of("-d", "int"), fromCli.vm().qemuArgs());
        assertEquals(Optional.of(Duration.ofSeconds(90)), fromCli.limits().timeout());
        assertEquals(Optional.of(Duration.ofSeconds(30)), fromCli.limits().silence());
        assertEquals(List.of("uname", "-a"), fromCli.guest().command());
    }

    /** They used to work them out apart, and drifted: watch gave a silence limit run did not. */
    @Test
    void runAndWatchAgreeOnEveryShippedProfile() throws Exception {
        ProfileLoader loader = new ProfileLoader(List.of());
        for (String name : loader.available().keySet()) {
            Profile profile = loader.load(name);
            RunSettings run = Settings.run(asRun(profile.get(dev.quiz.profile.ProfileKeys.TEST).map(List::of)
                    .orElse(List.of("true"))), profile, host);
            RunSettings watch = Settings.run(asWatch(), profile, host);
            assertEquals(run, watch, name);
        }
        assertEquals(Settings.run(asRun(List.of("true")), Profile.none(), host), Settings.run(asWatch(), Profile.none(), host),
                "no profile: watch runs true, as run does when told to");
    }

    @Test
    void aShellOrADebuggerSetsThePaceSoNoLimits() {
        RunSettings shell = Settings.run(asRun(List.of()), Profile.none(), host);
        assertEquals(new RunSettings.Guest(List.of(), false, true, 40, 120), shell.guest());
        assertEquals(new RunSettings.Limits(Optional.empty(), Optional.empty()), shell.limits());
        RunOptions gdb = RunOptions.none().withGdbPort(OptionalInt.of(1234)).withCommand(List.of("true"), false, true);
        assertEquals(new RunSettings.Limits(Optional.empty(), Optional.empty()), Settings.run(gdb, Profile.none(), host)
                .limits());
        assertEquals(List.of("true"), Settings.run(asWatch(), Profile.none(), host).guest().command(),
                "watch never opens a shell");
    }

    @Test
    void whatThisHostCannotDoIsSaidUpFront() {
        host.virtiofsd = false;
        RunOptions virtiofs = RunOptions.none().withShare(Optional.of(Share.Transport.VIRTIOFS))
                .withCommand(List.of("true"), false, false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.run(virtiofs, Profile.none(), host))
                .getMessage().startsWith("--share virtiofs: no virtiofsd found"));
        RunOptions kvm = RunOptions.none().withAccel(Optional.of(AccelRequest.KVM)).withCommand(List.of("true"), false, false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.run(kvm, Profile.none(), host))
                .getMessage().startsWith("--accel kvm: /dev/kvm is PVM"));
        host.terminal = false;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.run(asRun(List.of()), Profile.none(), host))
                .getMessage().startsWith("a shell in the guest needs a terminal"));
    }

    @Test
    void hostDirsAddUpProfileFirstAndTwoAtOnePathAreRefused() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Profile profile = profile("dirs", "[vm]\ndirs = [\"" + data + ":/data\"]\n");
        HostDir results = HostDir.parse(data + ":/results:rw", tmp);
        RunOptions withDir = RunOptions.none().withDirs(List.of(results)).withCommand(List.of("true"), false, true);
        RunSettings s = Settings.run(withDir, profile, host);
        assertEquals(List.of(new HostDir(data, "/data", false), results), s.vm().dirs());
        RunOptions again = RunOptions.none().withDirs(List.of(HostDir.parse(data + ":/data:rw", tmp)))
                .withCommand(List.of("true"), false, true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.run(again, profile, host)).getMessage()
                .startsWith("--dir: two dirs at /data"));
    }

    private Profile profile(String name, String toml) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(dir.resolve(name + ".toml"), toml);
        return new ProfileLoader(List.of(dir)).load(name);
    }
}
