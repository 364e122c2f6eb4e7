package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one build's commands in a tree: each wrapped in the build prefix, with ccache in front of
 * the compilers when it is installed, output logged, streamed and scanned for the first error.
 * {@link #cancel()} kills the running command and its children from any thread.
 */
final class BuildSteps implements AutoCloseable {
    private static final Path CCACHE_LINKS = Path.of("/usr/lib/ccache");

    private final Path tree;
    private final List<String> prefix;
    private final BuildListener listener;
    private final Path log;
    private final Optional<TreeSources.Build> window;
    private final BufferedWriter logWriter;
    private final List<String> output = new ArrayList<>();
    private volatile ChildProcess running;
    private volatile boolean regenerating;
    private volatile boolean cancelled;

    /** {@code window}: the build of a tree whose sources quiz watches, told when the build system is regenerated. */
    BuildSteps(Path tree, List<String> prefix, BuildListener listener, Path log, Optional<TreeSources.Build> window)
            throws IOException {
        this.tree = tree;
        this.prefix = prefix;
        this.listener = listener;
        this.log = log;
        this.window = window;
        Files.createDirectories(log.getParent());
        this.logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    }

    /** The environment every step gets: ccache's compiler links first on PATH when ccache is installed. */
    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("LC_ALL", "C");
        if (Files.isDirectory(CCACHE_LINKS) && Files.isExecutable(CCACHE_LINKS.resolve("gcc"))) {
            env.put("PATH", CCACHE_LINKS + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        }
        return env;
    }

    /**
     * Runs a step that regenerates the build system (autogen, configure): what it rewrites is
     * the build's, and a cancel lets it finish rather than leave the tree half configured.
     */
    void regenerate(String what, List<String> command) throws BuildException, InterruptedException {
        regenerating = true;
        window.ifPresent(w -> w.regenerating(true));
        try {
            run(what, command);
        } finally {
            regenerating = false;
            window.ifPresent(w -> w.regenerating(false));
        }
    }

    /** Runs a command in the tree; throws with the first compiler error when it fails. */
    void run(String what, List<String> command) throws BuildException, InterruptedException {
        capture(what, command);
    }

    /** Runs a command in the tree, as {@link #run}, and returns the lines it printed. */
    List<String> capture(String what, List<String> command) throws BuildException, InterruptedException {
        if (cancelled) {
            throw new BuildException("cancelled");
        }
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        listener.progress(what);
        MakeProgress progress = new MakeProgress(what);
        write("$ " + String.join(" ", full));
        List<String> printed = new ArrayList<>();
        int status;
        try (ChildProcess child = ChildProcess.start(ChildProcess.Spec.of(full).in(tree).withEnvironment(environment()),
                line -> {
                    write(line);
                    synchronized (output) {
                        output.add(line);
                        printed.add(line);
                    }
                    listener.line(line);
                    String s = progress.accept(line);
                    if (s != null) {
                        listener.progress(s);
                    }
                })) {
            running = child;
            if (cancelled && !regenerating) {
                child.kill();
            }
            status = child.waitFor();
        } finally {
            running = null;
        }
        if (cancelled) {
            throw new BuildException("cancelled");
        }
        if (status != 0) {
            List<String> seen;
            synchronized (output) {
                seen = List.copyOf(output);
            }
            Optional<String> compilerError = CompilerErrors.first(seen, tree);
            throw new BuildException(compilerError.orElseGet(() -> what + " failed: " + lastLines(seen)));
        }
        synchronized (output) {
            return List.copyOf(printed);
        }
    }

    private static String lastLines(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
    }

    Path log() {
        return log;
    }

    /**
     * Stops the build: the command running is killed (make removes the targets it was writing),
     * unless it regenerates the build system, which is left to finish; no further step runs.
     */
    void cancel() {
        cancelled = true;
        ChildProcess child = running;
        if (child != null && !regenerating) {
            child.kill();
        }
    }

    private synchronized void write(String line) {
        try {
            logWriter.write(line);
            logWriter.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        logWriter.close();
    }
}
