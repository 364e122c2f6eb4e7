package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import dev.quiz.store.AtomicFiles;
import dev.quiz.store.Hashing;
import dev.quiz.store.Store;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Prepares a guest kernel in the store: unpacks the source, configures it from quiz's fragment
 * plus the user's, builds it out of tree, and installs the image, modules and kbuild tree. A
 * kernel whose inputs have not changed is not rebuilt; a local source tree is always handed to
 * make, which rebuilds only what changed.
 */
public final class KernelBuilder {
    private final Store store;
    private final BuildListener listener;
    private final int jobs;

    public KernelBuilder(Store store, BuildListener listener, int jobs) {
        this.store = store;
        this.listener = listener;
        this.jobs = jobs;
    }

    public PreparedKernel prepare(KernelSource source, KernelConfig config) throws BuildException, IOException,
            InterruptedException {
        Path tarball = null;
        String identity;
        if (source instanceof KernelSource.Tree tree) {
            identity = "tree:" + tree.dir();
        } else {
            tarball = tarball(source);
            listener.progress("checking " + tarball.getFileName());
            identity = "tarball:" + Hashing.sha256(tarball);
        }
        String key = Hashing.key(identity, config.text());
        Path dir = store.kernels().resolve(source.label() + "-" + key);
        if (!(source instanceof KernelSource.Tree) && PreparedKernel.storedKey(dir).filter(key::equals).isPresent()) {
            PreparedKernel kernel = PreparedKernel.read(dir).orElseThrow();
            markDefault(dir);
            return kernel;
        }
        Files.createDirectories(dir);
        Path src = source instanceof KernelSource.Tree tree ? tree.dir() : unpack(tarball, dir);
        Path build = dir.resolve("build");
        Files.createDirectories(build);
        Path log = dir.resolve("build.log");
        try (BufferedWriter logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Step step = new Step(src, build, log, logWriter);
            configure(step, config, key);
            step.make("kernel build", "-j" + jobs, "bzImage", "modules", "scripts_gdb");
            String release = step.capture("kernelrelease");
            Path modules = dir.resolve("modules");
            deleteRecursively(modules);
            step.make("modules install", "INSTALL_MOD_PATH=" + modules.resolve("usr"), "modules_install");
            for (String link : List.of("build", "source")) {
                Files.deleteIfExists(modules.resolve("usr/lib/modules/" + release + "/" + link));
            }
            Files.copy(build.resolve("arch/x86/boot/bzImage"), dir.resolve("bzImage"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.writeString(dir.resolve(PreparedKernel.METADATA), String.join("\n",
                    "release=" + release,
                    "key=" + key,
                    "source=" + escape(describe(source)),
                    "source.dir=" + escape(src.toString()),
                    "built=" + Instant.now(),
                    ""));
        }
        markDefault(dir);
        return PreparedKernel.read(dir).orElseThrow();
    }

    private void configure(Step step, KernelConfig config, String key) throws BuildException, IOException,
            InterruptedException {
        Path stamp = step.build.resolve(".quiz-config-key");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(key)
                && Files.isRegularFile(step.build.resolve(".config"))) {
            return;
        }
        Path fragment = step.build.resolve("quiz.fragment");
        Files.writeString(fragment, config.text());
        step.make("configure", "allnoconfig");
        step.run("configure", List.of(step.src.resolve("scripts/kconfig/merge_config.sh").toString(), "-m",
                "-O", step.build.toString(), step.build.resolve(".config").toString(), fragment.toString()));
        step.make("configure", "olddefconfig");
        List<String> unmet = config.unmet(Files.readString(step.build.resolve(".config")));
        if (!unmet.isEmpty()) {
            throw new BuildException("the kernel config did not take " + unmet.size() + " requested option(s), "
                    + "usually because a dependency is off: " + String.join(", ", unmet)
                    + "; enable the dependency too (-e NAME) or drop the option");
        }
        Files.writeString(stamp, key);
    }

    private Path tarball(KernelSource source) throws BuildException, IOException, InterruptedException {
        if (source instanceof KernelSource.Debian debian) {
            Path t = debian.tarball();
            if (!Files.isRegularFile(t)) {
                throw new BuildException(t + " is missing: install it with apt-get install linux-source-"
                        + debian.series());
            }
            return t;
        }
        if (source instanceof KernelSource.Tarball t) {
            return t.file();
        }
        return new KernelOrgDownload(store.downloads(), listener).fetch(((KernelSource.KernelOrg) source).version());
    }

    private Path unpack(Path tarball, Path dir) throws BuildException, IOException, InterruptedException {
        Path src = dir.resolve("src");
        if (Files.isRegularFile(src.resolve("Makefile"))) {
            return src;
        }
        Path partial = dir.resolve("src.partial");
        deleteRecursively(partial);
        Files.createDirectories(partial);
        listener.progress("unpacking " + tarball.getFileName());
        List<String> out = new ArrayList<>();
        int status = ChildProcess.run(ChildProcess.Spec.of(List.of("tar", "-xf", tarball.toString(),
                "-C", partial.toString(), "--strip-components=1")), out::add);
        if (status != 0 || !Files.isRegularFile(partial.resolve("Makefile"))) {
            throw new BuildException("cannot unpack " + tarball + ": " + String.join(" ", out));
        }
        Files.move(partial, src);
        return src;
    }

    private void markDefault(Path dir) throws IOException {
        Path link = store.kernels().resolve("default");
        Path tmp = store.kernels().resolve(".default.tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, dir.getFileName());
        AtomicFiles.move(tmp, link);
    }

    private static String describe(KernelSource source) {
        if (source instanceof KernelSource.Debian d) {
            return "Debian linux-source-" + d.series();
        }
        if (source instanceof KernelSource.KernelOrg k) {
            return "kernel.org " + k.version();
        }
        if (source instanceof KernelSource.Tarball t) {
            return "tarball " + t.file();
        }
        return "tree " + ((KernelSource.Tree) source).dir();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** One build's source, output dir and log, and how to run make in them. */
    private final class Step {
        final Path src;
        final Path build;
        final Path log;
        final BufferedWriter logWriter;

        Step(Path src, Path build, Path log, BufferedWriter logWriter) {
            this.src = src;
            this.build = build;
            this.log = log;
            this.logWriter = logWriter;
        }

        void make(String what, String... args) throws BuildException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("make", "-C", src.toString(), "O=" + build));
            command.addAll(List.of(args));
            run(what, command);
        }

        void run(String what, List<String> command) throws BuildException, InterruptedException {
            MakeProgress progress = new MakeProgress(what);
            List<String> errors = new ArrayList<>();
            listener.progress(what);
            Consumer<String> sink = line -> {
                writeLog(line);
                listener.line(line);
                if (line.contains("error:") || line.contains("Error ") || line.startsWith("***")) {
                    if (errors.size() < 5) {
                        errors.add(line.strip());
                    }
                }
                String status = progress.accept(line);
                if (status != null) {
                    listener.progress(status);
                }
            };
            int status = ChildProcess.run(ChildProcess.Spec.of(command).withEnvironment(Map.of("LC_ALL", "C")), sink);
            if (status != 0) {
                throw new BuildException(what + " failed (" + String.join(" | ", errors) + "); full log: " + log);
            }
        }

        String capture(String target) throws BuildException, InterruptedException {
            List<String> out = new ArrayList<>();
            int status = ChildProcess.run(ChildProcess.Spec.of(List.of("make", "-s", "-C", src.toString(),
                    "O=" + build, target)), out::add);
            Optional<String> value = out.stream().map(String::strip).filter(s -> !s.isEmpty()
                    && !s.startsWith("make")).reduce((a, b) -> b);
            if (status != 0 || value.isEmpty()) {
                throw new BuildException("make " + target + " failed: " + String.join(" ", out));
            }
            return value.get();
        }

        private void writeLog(String line) {
            try {
                logWriter.write(line);
                logWriter.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + log, e);
            }
        }
    }
}
