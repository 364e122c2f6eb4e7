package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.quiz.arch.Arch;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real quiz CLI in a child JVM, as a user would, with its own store. Kernels and root
 * images come from a shared cache (~/.cache/quiz unless QUIZ_TEST_CACHE says otherwise), so
 * they are built once per machine, keyed by their inputs like any quiz store.
 */
final class Quiz {
    /** What one quiz invocation did. */
    record Result(int exitCode, String output) {
    }

    private static Path store;
    private static final java.util.Set<Arch> PREPARED = java.util.EnumSet.noneOf(Arch.class);

    private Quiz() {
    }

    static Path sharedCache() {
        String env = System.getenv("QUIZ_TEST_CACHE");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "quiz");
    }

    /** A store whose kernel and root are prepared for the host's architecture. */
    static Path preparedStore() throws Exception {
        return preparedStore(Arch.byDefault());
    }

    /**
     * A store whose kernel and root are prepared for an architecture (built on first use, from
     * Debian's linux-source-6.1), and its default work dir.
     */
    static synchronized Path preparedStore(Arch arch) throws Exception {
        if (store != null && PREPARED.contains(arch)) {
            return store;
        }
        Path cache = sharedCache();
        Map<String, String> cacheEnv = Map.of("QUIZ_HOME", cache.toString());
        // The root beside the kernel: mmdebstrap waits on the network much of the time the compiler does not.
        Process rootBuild = start(cacheEnv, Path.of("."), "prepare", "root", "--arch", arch.id(), "--color=never");
        Result kernel = run(cacheEnv, Path.of("."), 90 * 60, "prepare", "kernel", "--arch", arch.id(), "--source", "debian",
                "--color=never");
        String rootOutput = new String(rootBuild.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!rootBuild.waitFor(60, TimeUnit.MINUTES)) {
            rootBuild.destroyForcibly();
            fail("quiz prepare root --arch " + arch + " did not end in an hour:\n" + rootOutput);
        }
        System.out.println("$ quiz prepare root --arch " + arch + "  -> " + rootBuild.exitValue() + "\n" + rootOutput);
        if (kernel.exitCode() != 0) {
            fail("quiz prepare kernel --arch " + arch + " failed (the VM tests need Debian's linux-source-6.1 and, for a "
                    + "foreign architecture, its cross compiler: quiz setup --packages-only --arch arm64 installs both):\n"
                    + kernel.output());
        }
        if (rootBuild.exitValue() != 0) {
            fail("quiz prepare root --arch " + arch + " failed:\n" + rootOutput);
        }
        if (store == null) {
            Path s = Files.createTempDirectory("quiz-test-store-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteStore(s)));
            Files.createSymbolicLink(s.resolve("kernels"), cache.resolve("kernels"));
            Files.createSymbolicLink(s.resolve("roots"), cache.resolve("roots"));
            store = s;
        }
        Result work = run(Map.of("QUIZ_HOME", store.toString()), Path.of("."), 60, "prepare", "work", "--arch", arch.id());
        if (work.exitCode() != 0) {
            fail("quiz prepare work failed:\n" + work.output());
        }
        PREPARED.add(arch);
        return store;
    }

    /** Removes a test store; the kernels and roots links are removed, never followed. */
    private static void deleteStore(Path s) {
        try (var walk = Files.walk(s)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }

    /** Runs quiz with the prepared test store. */
    static Result run(Path dir, int timeoutSeconds, String... args) throws Exception {
        return run(Map.of("QUIZ_HOME", preparedStore().toString()), dir, timeoutSeconds, args);
    }

    static Result run(Map<String, String> env, Path dir, int timeoutSeconds, String... args) throws Exception {
        Process p = start(env, dir, args);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("quiz " + String.join(" ", args) + " did not end within " + timeoutSeconds + "s");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        System.out.println("$ quiz " + String.join(" ", args) + "  -> " + p.exitValue() + "\n" + output);
        return new Result(p.exitValue(), output);
    }

    /** Starts quiz without waiting: stdout and stderr merged, stdin empty. */
    static Process start(Map<String, String> env, Path dir, String... args) throws IOException {
        // As from a terminal: Ctrl-C reaches quiz even when the tests run where SIGINT is ignored.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.quiz.cli.Main"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        pb.environment().putAll(env);
        pb.environment().remove("NO_COLOR");
        return pb.start();
    }

    /** qemu processes whose command line mentions this path: what a run must never leave behind. */
    static List<ProcessHandle> qemuUsing(Path path) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(path.toString()))
                        .orElse(false))
                .toList();
    }
}
