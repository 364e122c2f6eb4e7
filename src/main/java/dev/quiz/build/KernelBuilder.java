package dev.quiz.build;

import dev.quiz.arch.Arch;
import dev.quiz.store.AtomicFiles;
import dev.quiz.store.FileTrees;
import dev.quiz.store.Hashing;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    private final List<String> prefix;

    /** {@code prefix} wraps every build command, as for a tree's build (QUIZ_BUILD_PREFIX). */
    public KernelBuilder(Store store, BuildListener listener, int jobs, List<String> prefix) {
        this.store = store;
        this.listener = listener;
        this.jobs = jobs;
        this.prefix = List.copyOf(prefix);
    }

    public PreparedKernel prepare(KernelSource source, KernelConfig config, Arch arch) throws BuildException,
            IOException, InterruptedException {
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
        Path dir = store.kernels().resolve(source.label() + arch.storeSuffix() + "-" + key);
        if (!(source instanceof KernelSource.Tree) && PreparedKernel.storedKey(dir).filter(key::equals).isPresent()) {
            PreparedKernel kernel = PreparedKernel.read(dir).orElseThrow();
            markDefault(dir, arch);
            return kernel;
        }
        Files.createDirectories(dir);
        Path src = source instanceof KernelSource.Tree tree ? tree.dir() : unpack(tarball, dir);
        Path build = dir.resolve("build");
        Files.createDirectories(build);
        Path log = dir.resolve("build.log");
        try (BuildSteps steps = new BuildSteps(src, prefix, listener, log, Optional.empty())) {
            configure(steps, src, build, config, key, arch);
            steps.run("kernel build", make(src, build, arch, "-j" + jobs, arch.imageName(), "modules", "scripts_gdb"));
            String release = steps.capture("kernelrelease", make(src, build, arch, "-s", "kernelrelease")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("make")).reduce((a, b) -> b)
                    .orElseThrow(() -> new BuildException("make kernelrelease printed no release"));
            Path modules = dir.resolve("modules");
            FileTrees.delete(modules);
            steps.run("modules install", make(src, build, arch, "INSTALL_MOD_PATH=" + modules.resolve("usr"),
                    "modules_install"));
            for (String link : List.of("build", "source")) {
                Files.deleteIfExists(WorkDir.modules(modules, release).resolve(link));
            }
            Files.copy(build.resolve(arch.bootImage()), dir.resolve(arch.imageName()),
                    StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.writeString(dir.resolve(PreparedKernel.METADATA), String.join("\n",
                    "arch=" + arch.id(),
                    "release=" + release,
                    "key=" + key,
                    "source=" + escape(describe(source)),
                    "source.dir=" + escape(src.toString()),
                    "built=" + Instant.now(),
                    ""));
        } catch (BuildException e) {
            throw new BuildException(e.getMessage() + "; full log: " + log);
        }
        markDefault(dir, arch);
        return PreparedKernel.read(dir).orElseThrow();
    }

    /** make in the kernel's source, building out of tree for the architecture. */
    private static List<String> make(Path src, Path build, Arch arch, String... args) {
        List<String> command = new ArrayList<>(List.of("make", "-C", src.toString(), "O=" + build));
        command.addAll(arch.makeVariables());
        command.addAll(List.of(args));
        return command;
    }

    private void configure(BuildSteps steps, Path src, Path build, KernelConfig config, String key, Arch arch)
            throws BuildException, IOException, InterruptedException {
        Path stamp = build.resolve(".quiz-config-key");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(key)
                && Files.isRegularFile(build.resolve(".config"))) {
            return;
        }
        Path fragment = build.resolve("quiz.fragment");
        Files.writeString(fragment, config.text());
        steps.run("configure", make(src, build, arch, "allnoconfig"));
        steps.run("configure", List.of(src.resolve("scripts/kconfig/merge_config.sh").toString(), "-m",
                "-O", build.toString(), build.resolve(".config").toString(), fragment.toString()));
        steps.run("configure", make(src, build, arch, "olddefconfig"));
        List<String> unmet = config.unmet(Files.readString(build.resolve(".config")));
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
        Tarballs.unpack(tarball, partial, listener, "--strip-components=1");
        if (!Files.isRegularFile(partial.resolve("Makefile"))) {
            throw new BuildException(tarball + " holds no kernel source (no Makefile at its top)");
        }
        Files.move(partial, src);
        return src;
    }

    private void markDefault(Path dir, Arch arch) throws IOException {
        Path link = Kernels.defaultLink(store, arch);
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
}
