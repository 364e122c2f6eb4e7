package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiz run --arch arm64: a cross-built kernel and an arm64 Debian root, emulated under TCG on this x86_64 host. */
@Tag("vm")
@Tag("arm64")
class Arm64IT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void prepare() throws Exception {
        Quiz.preparedStore(Arch.ARM64);
    }

    private static Quiz.Result quiz(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--arch";
        all[2] = "arm64";
        System.arraycopy(args, 0, all, 3, args.length);
        return Quiz.run(Map.of("QUIZ_HOME", Quiz.preparedStore(Arch.ARM64).toString()), dir, 300, all);
    }

    @Test
    void theGuestIsAarch64AndItsExitStatusPassesThrough() throws Exception {
        Quiz.Result uname = quiz("--color=never", "--", "uname", "-m");
        assertEquals(0, uname.exitCode(), uname.output());
        assertTrue(uname.output().lines().anyMatch("aarch64"::equals), uname.output());
        assertTrue(uname.output().contains("PASS  uname -m  arm64"), "the verdict names the architecture: " + uname.output());
        assertEquals(1, quiz("--", "false").exitCode());
        assertEquals(7, quiz("--", "sh", "-c", "exit 7").exitCode());
    }

    @Test
    void aPanicIsPanicWithItsTraceSymbolised() throws Exception {
        Quiz.Result r = quiz("--color=never", "echo c > /proc/sysrq-trigger; sleep 100");
        assertEquals(122, r.exitCode(), r.output());
        assertTrue(r.output().contains("Kernel panic - not syncing: sysrq triggered crash"), r.output());
        assertTrue(r.output().contains("    Call trace:"), "the trace is shown, indented: " + r.output());
        assertTrue(Pattern.compile("__handle_sysrq \\(drivers/tty/sysrq\\.c:\\d+\\)").matcher(r.output()).find(),
                "symbolised with the cross binutils: " + r.output());
    }

    @Test
    void aTimeoutIsTimeoutAndNoQemuIsLeft() throws Exception {
        Quiz.Result r = quiz("--timeout", "30s", "--color=never", "--", "sleep", "600");
        assertEquals(124, r.exitCode(), r.output());
        assertTrue(r.output().contains("TIMEOUT"), r.output());
        Matcher log = Pattern.compile("console: (\\S+)").matcher(r.output());
        assertTrue(log.find(), r.output());
        assertTrue(Quiz.qemuUsing(Path.of(log.group(1)).getParent()).isEmpty(), "no qemu-system-aarch64 left behind");
    }

    @Test
    void kvmIsRefusedForAForeignGuestWithWhatToDo() throws Exception {
        Quiz.Result r = quiz("--accel", "kvm", "--", "true");
        assertEquals(250, r.exitCode(), r.output());
        assertTrue(r.output().contains("--accel kvm: an arm64 guest cannot run on this host's KVM; use --accel tcg or "
                + "--accel auto"), r.output());
        assertEquals(1, r.output().strip().lines().count(), "one line: " + r.output());
    }
}
