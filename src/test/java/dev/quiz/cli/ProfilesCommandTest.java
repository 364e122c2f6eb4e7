package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiz.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesCommandTest {
    /** Sets every key a profile has, lists and env with more than one entry. */
    static final String EVERY_KEY = """
            description = "every key"
            [watch]
            include = ["module/**", "include/**"]
            exclude = "**.md"
            [build]
            debug = true
            configure_args = ["--enable-asan", "--with-x"]
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
            append = ["spl.spl_panic_halt=1", "quiet"]
            [guest]
            setup = "modprobe zfs\\nzpool list"
            test = "zpool status"
            timeout = "90s"
            env = { ZFS_DEBUG = "1", B = "two words" }
            [verdict]
            fail_on_warning = true
            silence = "2m"
            """;

    @TempDir
    Path dir;

    @Test
    void showPrintsEveryKeyAsItAlwaysHas() throws Exception {
        Files.writeString(dir.resolve("every.toml"), EVERY_KEY);
        List<String> lines = ProfilesCommand.Show.lines(new ProfileLoader(List.of(dir)).load("every"));
        assertEquals("""
                name        = every
                description = every key
                source      = %s
                watch.include = module/** include/**
                watch.exclude = **.md
                vm.kernel   = 6.1
                vm.accel    = tcg
                vm.memory   = 2G
                vm.cpus     = 3
                vm.disks    = 2 x 128M
                vm.append   = spl.spl_panic_halt=1 quiet
                guest.timeout = 90s
                guest.env.ZFS_DEBUG = 1
                guest.env.B = two words
                build.debug = true
                build.configure_args = --enable-asan --with-x
                build.targets = all cstyle
                build.jobs = 3
                build.userland_uses_module = true
                verdict.fail_on_warning = true
                verdict.silence = 120s
                guest.setup:
                    modprobe zfs
                    zpool list
                guest.test:
                    zpool status
                """.formatted(dir.resolve("every.toml")), String.join("\n", lines) + "\n");
    }
}
