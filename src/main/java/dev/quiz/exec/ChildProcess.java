package dev.quiz.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    /** How long a child that timed out may take to die once killed before quiz stops waiting for its output. */
    private static final Duration REAP = Duration.ofSeconds(5);
    private static final Duration TERM_GRACE = Duration.ofMillis(1500);

    private final StartedProcess started;
    private final String name;

    private ChildProcess(StartedProcess started, String name) {
        this.started = started;
        this.name = name;
    }

    /**
     * How to start a child: the command, its directory and extra environment, whether it shares
     * quiz's terminal, and the text its stdin gets (for {@link #capture}).
     */
    public record Spec(List<String> command, Path directory, Map<String, String> environment, boolean inheritIo,
            String input) {
        public Spec {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }

        public static Spec of(List<String> command) {
            return new Spec(command, null, Map.of(), false, "");
        }

        public static Spec of(String... command) {
            return of(List.of(command));
        }

        public Spec in(Path dir) {
            return new Spec(command, dir, environment, inheritIo, input);
        }

        public Spec withEnvironment(Map<String, String> env) {
            return new Spec(command, directory, env, inheritIo, input);
        }

        public Spec inheritingIo() {
            return new Spec(command, directory, environment, true, input);
        }

        public Spec withInput(String text) {
            return new Spec(command, directory, environment, inheritIo, text);
        }
    }

    /**
     * What a child printed and how it ended. {@code timedOut}: it ran past its limit and was
     * killed, with every process it started.
     */
    public record Captured(int status, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return !timedOut && status == 0;
        }

        /** A one-line account of a failure, for an error message. */
        public String failure() {
            if (timedOut) {
                return "did not finish in time and was killed";
            }
            String said = stderr.isBlank() ? stdout.strip() : stderr.strip();
            return "exited with status " + status + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse(""));
        }
    }

    /** Starts the child; stdout and stderr lines go to {@code lines} unless the spec inherits quiz's terminal. */
    public static ChildProcess start(Spec spec, Consumer<String> lines) {
        ProcessExecutor executor = executor(spec);
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
        return started(executor, spec);
    }

    /**
     * Runs a child to its end and returns what it printed, stdout and stderr apart. Past
     * {@code timeout} it is killed with every process it started, and the result says so: a
     * grandchild that keeps the output pipe open cannot hold quiz up.
     */
    public static Captured capture(Spec spec, Duration timeout) throws InterruptedException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ProcessExecutor executor = executor(spec).redirectOutput(stdout).redirectError(stderr)
                .redirectInput(new ByteArrayInputStream(spec.input().getBytes(StandardCharsets.UTF_8)));
        ChildProcess child;
        try {
            child = started(executor, spec);
        } catch (UncheckedIOException e) {
            return new Captured(127, "", e.getMessage(), false);
        }
        try {
            Optional<Integer> status = child.waitFor(timeout);
            if (status.isPresent()) {
                return new Captured(status.get(), text(stdout), text(stderr), false);
            }
            child.kill();
            child.waitFor(REAP);
            return new Captured(-1, text(stdout), text(stderr), true);
        } catch (IllegalStateException e) {
            return new Captured(-1, text(stdout), e.getMessage(), false);
        } finally {
            child.close();
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Starts a program that must outlive quiz, such as the run a git hook leaves behind: in a
     * session of its own, output to {@code log}, stdin empty. It is not one of quiz's children:
     * neither Ctrl-C nor quiz's end stops it.
     */
    public static void startDetached(Spec spec, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "-f"));
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true);
        if (spec.directory() != null) {
            builder.directory(spec.directory().toFile());
        }
        builder.environment().putAll(spec.environment());
        try {
            builder.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessExecutor executor(Spec spec) {
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
        return executor;
    }

    private static ChildProcess started(ProcessExecutor executor, Spec spec) {
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
