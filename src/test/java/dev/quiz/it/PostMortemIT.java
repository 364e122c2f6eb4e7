package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import dev.quiz.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a crash, more than the console: the guest's memory as a vmcore that Debian's crash opens
 * with the module's symbols, and gdb attached from the guest's start with the kernel's scripts,
 * stopping on a module function by name. The quiztest module misbehaves in a real VM.
 */
@Tag("vm")
class PostMortemIT {
    @TempDir
    static Path dir;
    static Path work;

    @BeforeAll
    static void buildModule() throws Exception {
        work = dir.resolve("work");
        Files.createDirectories(work);
        TestModule.buildInto(dir.resolve("quiztest"), work, Arch.X86_64);
    }

    private static Map<?, ?> run(String name, int expectedExit, String... args) throws Exception {
        Path json = dir.resolve(name + ".json");
        List<String> all = new ArrayList<>(List.of("run", "--color=never", "--work", work.toString(), "--timeout", "180s",
                "--report", json.toString()));
        all.addAll(List.of(args));
        Quiz.Result r = Quiz.run(dir, 600, all.toArray(String[]::new));
        assertEquals(expectedExit, r.exitCode(), r.output());
        return (Map<?, ?>) Json.parse(Files.readString(json));
    }

    /** What crash prints for these commands, run against the run's vmcore and the kernel it booted. */
    private static String crash(Map<?, ?> report, String commands) throws Exception {
        Map<?, ?> vmcore = (Map<?, ?>) report.get("vmcore");
        assertTrue(vmcore != null && vmcore.get("file") != null, "a vmcore was written: " + report);
        Path core = Path.of((String) vmcore.get("file"));
        assertTrue(Files.size(core) > 0 && ((Number) vmcore.get("bytes")).longValue() == Files.size(core));
        String printed = ((List<?>) vmcore.get("open_with")).stream().map(String::valueOf)
                .filter(c -> c.startsWith("crash ")).findFirst().orElseThrow();
        // The command as quiz printed it, up to its note: what a user pastes.
        List<String> command = new ArrayList<>(List.of(printed.replaceFirst("\\s+\\(.*$", "").split("\\s+")));
        command.add(1, "-s");
        assertTrue(command.contains(core.toString()) && command.contains("--mod"), printed);
        Process crash = new ProcessBuilder(command).redirectErrorStream(true).start();
        crash.getOutputStream().write((commands + "\nq\n").getBytes());
        crash.getOutputStream().close();
        String out = new String(crash.getInputStream().readAllBytes());
        assertTrue(crash.waitFor(180, TimeUnit.SECONDS), "crash ends");
        System.out.println(out);
        return out;
    }

    /** A drgn script: the stack of every task that is in a quiztest function. */
    static final String TASKS_IN_THE_MODULE = """
            from drgn.helpers.linux.pid import for_each_task
            for task in for_each_task(prog):
                try:
                    trace = str(prog.stack_trace(task))
                except Exception as e:
                    # said, so that a failure shows which task drgn could not unwind, and why
                    print("no stack for", task.pid.value_(), task.comm.string_().decode(), type(e).__name__, e)
                    continue
                if "quiztest" in trace:
                    print(task.pid.value_(), task.comm.string_().decode())
                    print(trace)
            """;

    /** What the drgn command quiz printed prints with this script run against the vmcore. */
    private static String drgn(Map<?, ?> report, String script) throws Exception {
        Map<?, ?> vmcore = (Map<?, ?>) report.get("vmcore");
        String printed = ((List<?>) vmcore.get("open_with")).stream().map(String::valueOf)
                .filter(c -> c.startsWith("drgn ")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>(List.of(printed.split("\\s+")));
        command.add(1, "-q");
        command.add(Files.writeString(dir.resolve("script.py"), script).toString());
        Process drgn = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(drgn.getInputStream().readAllBytes());
        assertTrue(drgn.waitFor(180, TimeUnit.SECONDS), "drgn ends");
        System.out.println(out);
        return out;
    }

    @Test
    void aPanicLeavesAVmcoreWhoseBacktraceHasTheModulesFunction() throws Exception {
        Map<?, ?> r = run("panic", 122, "modprobe quiztest && echo panic > /proc/quiztest");
        assertEquals("PANIC", r.get("verdict"));
        String bt = crash(r, "mod -S\nbt");
        assertTrue(bt.contains("quiztest_do"), "the panicking task's backtrace, in the module: " + bt);
        assertTrue(bt.contains("panic"), bt);
        // The task that panicked, as its report names it; whichever CPU it panicked on (either,
        // from run to run), drgn unwinds that task from its CPU's registers, to the module's frame.
        Matcher named = Pattern.compile("^CPU: \\d+ PID: (\\d+) Comm: (\\S+)").matcher("");
        String task = ((List<?>) ((Map<?, ?>) r.get("report")).get("excerpt")).stream().map(String::valueOf)
                .filter(line -> named.reset(line).find()).findFirst().map(line -> named.group(1) + " " + named.group(2))
                .orElseThrow();
        String trace = drgn(r, TASKS_IN_THE_MODULE);
        assertTrue(trace.lines().anyMatch(task::equals), "drgn finds the task that panicked, " + task + ": " + trace);
        assertTrue(trace.contains("quiztest_do"), "drgn finds the same frame, from the module's debug info: " + trace);
    }

    @Test
    void anAssertionLeavesAVmcoreWithTheParkedThread() throws Exception {
        Map<?, ?> r = run("verify", 120, "modprobe quiztest && echo verify > /proc/quiztest");
        assertEquals("ASSERT", r.get("verdict"));
        // (Debian 12's crash 8.0.2 cannot list a 6.1 kernel's tasks, so the parked one is found with drgn.)
        String traces = drgn(r, TASKS_IN_THE_MODULE);
        assertTrue(traces.contains("quiztest_verify_failed"), "the parked thread's backtrace: " + traces);
    }

    @Test
    void noVmcoreWhenAskedNot() throws Exception {
        Map<?, ?> r = run("no-vmcore", 122, "--no-vmcore", "modprobe quiztest && echo panic > /proc/quiztest");
        assertEquals(null, r.get("vmcore"));
        assertFalse(Files.exists(Path.of((String) r.get("console_log")).resolveSibling("vmcore")));
    }

    @Test
    void gdbInBatchStopsOnAModuleFunctionByName() throws Exception {
        Path script = Files.writeString(dir.resolve("break.gdb"), "break quiztest_write\ncontinue\nbt 1\ncontinue\n");
        int port = 21000 + (int) (ProcessHandle.current().pid() % 10000);
        Map<?, ?> r = run("gdb", 0, "--gdb", String.valueOf(port), "--gdb-batch", script.toString(),
                "modprobe quiztest && echo ok > /proc/quiztest");
        assertEquals("PASS", r.get("verdict"), "the guest ran on to its end after gdb let it go");
        String log = Files.readString(Path.of((String) r.get("console_log")).resolveSibling("gdb.log"));
        // (Breakpoint 1 is the init script's start_kernel.)
        assertTrue(log.contains("Breakpoint 2, quiztest_write ("), "gdb stopped in the module's function: " + log);
    }

    @Test
    void theGuestLoadsTheModuleWithoutItsDebugInfoAndPrintsItsInfoLines() throws Exception {
        Path full;
        try (java.util.stream.Stream<Path> walk = Files.walk(work)) {
            full = walk.filter(p -> p.getFileName().toString().equals("quiztest.ko")).findFirst().orElseThrow();
        }
        Map<?, ?> r = run("stripped", 0, "modprobe quiztest && echo ok > /proc/quiztest && echo \"guest-size $(stat -c "
                + "%s /usr/lib/modules/$(uname -r)/extra/quiztest.ko)\"");
        String console = Files.readString(Path.of((String) r.get("console_log")));
        // The boot is quiet, but the run's console is back at the kernel's default level: the
        // module's pr_info lines print.
        assertTrue(console.contains("quiztest: loaded") && console.contains("quiztest: ok"), console);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("guest-size (\\d+)").matcher(console);
        assertTrue(m.find(), console);
        long guest = Long.parseLong(m.group(1));
        assertTrue(guest < Files.size(full) / 2, "the guest loaded a copy of " + Files.size(full) + " bytes "
                + "without its debug info, " + guest + " bytes");
        ProcessBuilder readelf = new ProcessBuilder("readelf", "-S", "-W", full.toString()).redirectErrorStream(true);
        Process p = readelf.start();
        String sections = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertTrue(sections.contains(".debug_info"), "the work dir keeps the full object for traces and gdb");
    }
}
