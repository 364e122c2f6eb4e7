package dev.quiz.build;

import dev.quiz.arch.Arch;
import dev.quiz.exec.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The kernel's binfmt_misc entry that runs a foreign architecture's programs through
 * qemu-user-static, which mmdebstrap needs to make that architecture's root. qemu-user-static
 * ships the entries (for systemd-binfmt); where nothing has registered them, as in containers,
 * quiz setup does.
 */
public final class Binfmt {
    private static final Path MISC = Path.of("/proc/sys/fs/binfmt_misc");
    private static final Path CONFIGS = Path.of("/usr/lib/binfmt.d");

    private Binfmt() {
    }

    /** The entry for the architecture, as the kernel shows it. */
    public static Path entry(Arch arch) {
        return MISC.resolve("qemu-" + arch.machine());
    }

    public static boolean registered(Arch arch) {
        try {
            return Files.isRegularFile(entry(arch)) && Files.readAllLines(entry(arch)).contains("enabled");
        } catch (IOException e) {
            return false;
        }
    }

    /** Registers the entry qemu-user-static ships, mounting binfmt_misc first where it is not (root only). */
    public static void register(Arch arch) throws BuildException, IOException, InterruptedException {
        if (registered(arch)) {
            return;
        }
        Path config = CONFIGS.resolve("qemu-" + arch.machine() + ".conf");
        if (!Files.isRegularFile(config)) {
            throw new BuildException(config + " is missing: apt-get install qemu-user-static");
        }
        if (!Files.exists(MISC.resolve("register"))) {
            ChildProcess.Captured mount = ChildProcess.capture(ChildProcess.Spec.of("mount", "-t", "binfmt_misc",
                    "binfmt_misc", MISC.toString()), Duration.ofSeconds(10));
            if (!mount.ok()) {
                throw new BuildException("cannot mount binfmt_misc on " + MISC + " (it takes root): " + mount.failure());
            }
        }
        List<String> lines = Files.readAllLines(config).stream().map(String::strip)
                .filter(l -> l.startsWith(":")).toList();
        if (lines.size() != 1) {
            throw new BuildException(config + " does not hold one binfmt_misc entry");
        }
        try {
            Files.writeString(MISC.resolve("register"), lines.get(0));
        } catch (IOException e) {
            throw new BuildException("cannot register " + config + " with binfmt_misc (it takes root): " + e.getMessage());
        }
        if (!registered(arch)) {
            throw new BuildException("binfmt_misc took " + config + " but shows no enabled " + entry(arch));
        }
    }
}
