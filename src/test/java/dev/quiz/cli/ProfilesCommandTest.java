package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileKey;
import dev.quiz.profile.ProfileKeys;
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
            arch = "arm64"
            memory = "2G"
            cpus = 3
            disks = 2
            disk_size = "128M"
            dirs = ["/tmp:/mnt/host-tmp:rw"]
            append = ["spl.spl_panic_halt=1", "quiet"]
            [guest]
            setup = "modprobe zfs\\nzpool list"
            test = "zpool status"
            timeout = "90s"
            env = { ZFS_DEBUG = "1", B = "two words" }
            [verdict]
            fail_on_warning = true
            silence = "2m"
            vmcore = false
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
                vm.arch     = arm64
                vm.memory   = 2G
                vm.cpus     = 3
                vm.disks    = 2 x 128M
                vm.dirs     = /tmp:/mnt/host-tmp:rw
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
                verdict.vmcore = false
                guest.setup:
                    modprobe zfs
                    zpool list
                guest.test:
                    zpool status
                """.formatted(dir.resolve("every.toml")), String.join("\n", lines) + "\n");
    }

    /** Each key in the table, so a new key is covered here once EVERY_KEY sets it. */
    @Test
    void everyKeyIsAcceptedShownAndInherited() throws Exception {
        Files.writeString(dir.resolve("every.toml"), EVERY_KEY);
        Files.writeString(dir.resolve("child.toml"), "extends = \"every\"\n");
        ProfileLoader loader = new ProfileLoader(List.of(dir));
        Profile every = loader.load("every");
        Profile child = loader.load("child");
        List<String> shown = ProfilesCommand.Show.lines(every);
        for (ProfileKey<?> key : ProfileKeys.ALL) {
            assertNotEquals(Profile.none().get(key), every.get(key), key.name() + " is not set: add it to EVERY_KEY");
            List<String> lines = key.show(every);
            assertFalse(lines.isEmpty(), key.name() + " shows nothing");
            assertTrue(lines.get(0).startsWith(key.name()), key.name() + " shows as " + lines);
            assertTrue(shown.containsAll(lines), key.name() + " is missing from quiz profiles show: " + shown);
            assertEquals(every.get(key), child.get(key), key.name() + " is not inherited through extends");
        }
        List<String> childShown = ProfilesCommand.Show.lines(child);
        assertEquals(shown.subList(3, shown.size()), childShown.subList(3, childShown.size()),
                "a child that sets nothing shows its parent's values");
    }
}
