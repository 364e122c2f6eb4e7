package dev.quiz.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.LogOutputStream;

/**
 * A process quiz started, with its output delivered line by line.
 *
 * <p>Every child is started under {@code setpriv --pdeathsig KILL}, so it dies with the thread
 * that started it even if quiz itself is killed with SIGKILL; callers keep that thread alive
 * until the child has ended. {@link #kill()} ends the whole process tree, and a shutdown hook
 * kills every live child on Ctrl-C or SIGTERM.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Duration TERM_GRACE = Duration.ofMillis(1500);

    private final StartedProcess started;
    private final String name;

    private ChildProcess(StartedProcess started, String name) {
        this.started = started;
        this.name = name;
    }

    /** How to start a child: the command, its directory and extra environment, where stdin comes from. */
    public record Spec(List<String> command, Path directory, Map<String, String> environment, boolean inheritIo) {
        public Spec {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }

        public static Spec of(List<String> command) {
            return new Spec(command, null, Map.of(), false);
        }

        public Spec in(Path dir) {
            return new Spec(command, dir, environment, inheritIo);
        }

        public Spec withEnvironment(Map<String, String> env) {
            return new Spec(command, directory, env, inheritIo);
        }

        public Spec inheritingIo() {
            return new Spec(command, directory, environment, true);
        }
    }

    /** Starts the child; stdout and stderr lines go to {@code lines} unless the spec inherits quiz's terminal. */
    public static ChildProcess start(Spec spec, Consumer<String> lines) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.addAll(spec.command());
        ProcessExecutor executor = new ProcessExecutor()
                .command(command)
                .environment(spec.environment());
        if (spec.directory() != null) {
            executor.directory(spec.directory().toFile());
        }
        if (spec.inheritIo()) {
            executor.redirectInput(System.in).redirectOutput(System.out).redirectError(System.err);
        } else {
            LogOutputStream sink = new LogOutputStream() {
                @Override
                protected void processLine(String line) {
                    lines.accept(line);
                }
            };
            executor.redirectErrorStream(true).redirectOutput(sink);
        }
        try {
            ChildProcess child = new ChildProcess(executor.start(), spec.command().get(0));
            LiveChildren.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command to completion, lines to {@code lines}; returns its exit status. */
    public static int run(Spec spec, Consumer<String> lines) throws InterruptedException {
        try (ChildProcess child = start(spec, lines)) {
            return child.waitFor();
        }
    }

    public long pid() {
        return started.getProcess().pid();
    }

    public boolean isAlive() {
        return started.getProcess().isAlive();
    }

    public String name() {
        return name;
    }

    /** Waits for the exit status; all output has been delivered when this returns. */
    public int waitFor() throws InterruptedException {
        try {
            return started.getFuture().get().getExitValue();
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            LiveChildren.remove(this);
        }
    }

    /** Waits at most {@code timeout}; empty if the child is still running. */
    public Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
        Future<ProcessResult> future = started.getFuture();
        try {
            int status = future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS).getExitValue();
            LiveChildren.remove(this);
            return Optional.of(status);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Ends the process and all its descendants: SIGTERM first, SIGKILL for what is left after a grace period. */
    public void kill() {
        ProcessHandle root = started.getProcess().toHandle();
        killTree(root, TERM_GRACE);
        LiveChildren.remove(this);
    }

    static void killTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // killed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        // Children that were forked during the grace period are caught here too.
        List<ProcessHandle> survivors = new ArrayList<>(root.descendants().toList());
        survivors.addAll(tree);
        survivors.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
        LiveChildren.remove(this);
    }
}
