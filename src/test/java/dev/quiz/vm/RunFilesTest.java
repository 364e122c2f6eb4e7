package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the host hands the guest init once the kernel has booted. */
class RunFilesTest {
    private static final Path TMP = Path.of("/tmp");

    @Test
    void carriesTheRunsMountsConfigSetupAndCommand() {
        GuestPlan plan = new GuestPlan("modprobe zfs\n", "exec true\n", false, true, Map.of("ZFS_DEBUG", "1 2"), 0, 0);
        RunFiles files = RunFiles.of(plan, Arch.X86_64, List.of(
                Share.layer("work", TMP, Share.Transport.NINE_P), Share.layer("kmods", TMP, Share.Transport.VIRTIOFS),
                Share.mounted("dir0", TMP, Share.Transport.NINE_P, "/opt/bin", false),
                Share.mounted("dir1", TMP, Share.Transport.VIRTIOFS, "/results", true)), true);
        assertEquals(List.of("mounts", "config", "setup", "command"), List.copyOf(files.files().keySet()));
        assertEquals("exec true\n", files.files().get("command"));
        assertEquals("modprobe zfs\n", files.files().get("setup"));
        assertEquals("share work 9p\nshare kmods virtiofs\ndir dir0 9p /opt/bin ro\ndir dir1 virtiofs /results rw\n"
                + "output quizout\n", files.files().get("mounts"), "top layer first");
        String config = files.files().get("config");
        assertTrue(config.contains("QUIZ_WAIT_GO=1\n"), config);
        assertTrue(config.contains("QUIZ_CONSOLE=/dev/ttyS0\n"), config);
        assertTrue(config.contains("export ZFS_DEBUG='1 2'\n"), config);
    }

    /** Sizes are in bytes, as the init reads them, whatever the text holds. */
    @Test
    void theHandoverGivesEachFileByItsSizeThenTheClockAndASeed() {
        RunFiles files = new RunFiles(new java.util.LinkedHashMap<>(Map.of("command", "echo é\n")));
        String handover = new String(files.handover(Instant.ofEpochSecond(1_764_633_600L, 123_456_789),
                new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}), StandardCharsets.UTF_8);
        assertEquals("file command 8\necho é\ntime 1764633600 123456789\nseed 0001feff\nend\n", handover);
    }
}
