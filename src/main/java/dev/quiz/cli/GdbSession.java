package dev.quiz.cli;

import dev.quiz.build.PreparedKernel;
import dev.quiz.build.WorkDir;
import dev.quiz.exec.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * gdb for a guest paused at its start ({@code quiz run --gdb}): the script that attaches, runs the
 * guest to start_kernel (where the kernel's own memory is in place), loads the kernel's gdb
 * scripts (vmlinux-gdb.py, built with the kernel) and has {@code lx-symbols} load the work dir's
 * modules as the guest loads them, so a breakpoint on a module's function works by name. quiz
 * prints the command that runs it, or runs it itself in batch mode with the user's script after it.
 */
final class GdbSession {
    /** How long quiz waits for qemu's gdb stub to listen. */
    private static final Duration STUB_WAIT = Duration.ofSeconds(60);

    private GdbSession() {
    }

    /** Writes the script that attaches to the stub on {@code port}; returns it. */
    static Path writeInit(Path dir, PreparedKernel kernel, Path workDir, int port) throws IOException {
        Path vmlinux = kernel.vmlinux().orElseThrow(() -> new UserError("--gdb: " + kernel.description()
                + " has no vmlinux for gdb's symbols; boot a kernel quiz prepared or a kernel build tree"));
        Path modules = WorkDir.modules(workDir, kernel.release());
        List<String> lines = new ArrayList<>(List.of(
                "# quiz: attach to the paused guest, run it to start_kernel, load the kernel's gdb scripts and",
                "# have lx-symbols load the work dir's modules as the guest loads them.",
                "set pagination off",
                "set confirm off",
                "set breakpoint pending on",
                "add-auto-load-safe-path " + vmlinux.getParent(),
                "add-auto-load-safe-path " + kernel.sourceDir().map(Path::toString).orElse(vmlinux.getParent().toString()),
                "file " + vmlinux,
                "target remote 127.0.0.1:" + port,
                // A hardware breakpoint: the kernel's own addresses are not mapped yet at the guest's start.
                "thbreak start_kernel",
                "continue",
                "lx-symbols " + (Files.isDirectory(modules) ? modules : workDir)));
        Path init = dir.resolve("gdbinit");
        Files.write(init, lines);
        return init;
    }

    /** The command a person runs to attach. */
    static String command(PreparedKernel kernel, Path init) {
        return kernel.arch().gdb() + " -x " + init;
    }

    /**
     * Runs gdb in batch mode, once the stub listens: the init script, then {@code script}. Its
     * lines go to {@code lines} and to {@code log}; it is killed if it outlives the run.
     */
    static Thread runBatch(PreparedKernel kernel, Path init, Path script, int port, Path log, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try {
                if (!awaitStub(port)) {
                    lines.accept("gdb: qemu's gdb stub did not listen on port " + port);
                    return;
                }
                List<String> out = new ArrayList<>();
                ChildProcess.run(ChildProcess.Spec.of(kernel.arch().gdb(), "-nx", "-batch", "-x", init.toString(),
                        "-x", script.toString()), line -> {
                            out.add(line);
                            lines.accept("gdb: " + line);
                        });
                Files.write(log, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                lines.accept("gdb: cannot write " + log + ": " + e.getMessage());
            }
        }, "quiz-gdb");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits until something listens on the port (read from /proc/net/tcp, so as not to connect to the stub). */
    private static boolean awaitStub(int port) throws InterruptedException {
        String local = String.format(":%04X ", port);
        long deadline = System.nanoTime() + STUB_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                // Each socket's line: "sl local_address rem_address st ...", st 0A being LISTEN.
                if (Files.readAllLines(Path.of("/proc/net/tcp")).stream().map(String::strip)
                        .anyMatch(l -> l.split("\\s+").length > 3 && (l.split("\\s+")[1] + " ").endsWith(local)
                                && l.split("\\s+")[3].equals("0A"))) {
                    return true;
                }
            } catch (IOException e) {
                return true; // no way to tell: let gdb try
            }
            Thread.sleep(100);
        }
        return false;
    }
}
