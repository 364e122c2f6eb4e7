package dev.quiz.cli;

import dev.quiz.build.BuildException;
import dev.quiz.build.KernelBuilder;
import dev.quiz.build.KernelConfig;
import dev.quiz.build.KernelSource;
import dev.quiz.build.OpenZfsSource;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.RootBuilder;
import dev.quiz.build.WorkDir;
import dev.quiz.model.Event;
import dev.quiz.report.TerminalReporter;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prepare",
        description = "Prepare what a run needs: the guest kernel, the root image, the work dir.",
        subcommands = {PrepareCommand.Kernel.class, PrepareCommand.Root.class, PrepareCommand.Work.class,
            PrepareCommand.OpenZfs.class})
final class PrepareCommand implements Runnable {

    @Override
    public void run() {
        throw new UserError("say what to prepare: quiz prepare kernel, quiz prepare root or quiz prepare work");
    }

    static TerminalReporter reporter(ColorOption color, boolean verbose) {
        return new TerminalReporter(System.out, color.style(), verbose, true);
    }

    @Command(name = "kernel",
            description = {
                "Build the guest kernel into the store, with a kbuild tree for out-of-tree modules (make M=, "
                        + "OpenZFS).",
                "The config is allnoconfig plus quiz's fragment (src/main/resources/quiz/kernel/quiz.config), "
                        + "then your fragments, then -e/-m/-d/--set, later ones winning. A kernel whose inputs have not "
                        + "changed is not rebuilt; several versions live side by side and run --kernel picks one.",
                "",
                "Examples:",
                "  quiz prepare kernel --source debian            # Debian's linux-source-6.1 package",
                "  quiz prepare kernel --source 6.12.30           # from kernel.org, checksum verified",
                "  quiz prepare kernel --source ~/src/linux -e KASAN"})
    static final class Kernel implements Callable<Integer> {
        @Mixin
        ColorOption color;

        @Mixin
        ArchOption arch;

        @Option(names = "--source", paramLabel = "SOURCE", defaultValue = KernelSource.DEFAULT_KERNEL_ORG_VERSION,
                description = "A kernel.org version (default: ${DEFAULT-VALUE}), debian or debian:X.Y for Debian's "
                        + "linux-source package, or a path to a tarball or source tree.")
        String source;

        @Option(names = "--config", paramLabel = "FRAGMENT", description = "A config fragment of your own (repeatable).")
        List<Path> fragments = new ArrayList<>();

        @Option(names = {"-e", "--enable"}, paramLabel = "NAME", description = "Set CONFIG_NAME=y (repeatable).")
        List<String> enable = new ArrayList<>();

        @Option(names = {"-m", "--module"}, paramLabel = "NAME", description = "Set CONFIG_NAME=m (repeatable).")
        List<String> module = new ArrayList<>();

        @Option(names = {"-d", "--disable"}, paramLabel = "NAME", description = "Turn CONFIG_NAME off (repeatable).")
        List<String> disable = new ArrayList<>();

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Set CONFIG_NAME to VALUE (repeatable).")
        List<String> set = new ArrayList<>();

        @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel make jobs. Default: the number of CPUs.")
        Integer jobs;

        @Option(names = {"-v", "--verbose"}, description = "Show the whole build output, not just progress.")
        boolean verbose;

        @Override
        public Integer call() throws IOException, InterruptedException {
            TerminalReporter out = reporter(color, verbose);
            KernelConfig config;
            KernelSource kernelSource;
            try {
                kernelSource = KernelSource.parse(source);
                List<String> overrides = new ArrayList<>();
                enable.forEach(n -> overrides.add("y:" + n));
                module.forEach(n -> overrides.add("m:" + n));
                disable.forEach(n -> overrides.add("n:" + n));
                overrides.addAll(set);
                config = KernelConfig.of(arch.orDefault(), fragments, overrides);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            out.emit(new Event.Notice("preparing " + arch.orDefault() + " kernel from " + kernelSource.label()));
            KernelBuilder builder = new KernelBuilder(Host.store(), new BuildOutput(out), jobs != null ? jobs : Host.jobs(),
                    BuildMixin.prefix());
            try {
                PreparedKernel k = builder.prepare(kernelSource, config, arch.orDefault());
                out.emit(new Event.Notice(k.arch() + " kernel " + k.release() + " ready: " + k.image()));
                k.buildDir().ifPresent(b -> out.emit(new Event.Notice("kbuild tree for make M= and OpenZFS: " + b)));
                return 0;
            } catch (BuildException e) {
                throw new UserError("kernel build failed: " + e.getMessage());
            }
        }
    }

    @Command(name = "root",
            description = {
                "Build the guest's read-only root image, as ext4: a minbase Debian made with mmdebstrap.",
                "It holds kmod, udev and what OpenZFS's userland and test suite need. mmdebstrap takes its "
                        + "mirror from the host's apt sources. An image with the same inputs is reused."})
    static final class Root implements Callable<Integer> {
        @Mixin
        ColorOption color;

        @Mixin
        ArchOption arch;

        @Option(names = "--suite", defaultValue = RootBuilder.DEFAULT_SUITE, paramLabel = "SUITE",
                description = "Debian suite (default: ${DEFAULT-VALUE}).")
        String suite;

        @Option(names = "--include", paramLabel = "PACKAGE", split = ",",
                description = "Extra packages for the image (repeatable, or comma-separated).")
        List<String> include = new ArrayList<>();

        @Option(names = "--mirror", paramLabel = "MIRROR",
                description = "A mirror URL or sources file for mmdebstrap. Default: the host's Debian sources.")
        String mirror;

        @Option(names = {"-v", "--verbose"}, description = "Show mmdebstrap's output.")
        boolean verbose;

        @Override
        public Integer call() throws IOException, InterruptedException {
            TerminalReporter out = reporter(color, verbose);
            for (String p : include) {
                if (!p.matches("[a-z0-9][a-z0-9+.-]+")) {
                    throw new UserError("--include " + p + ": not a Debian package name");
                }
            }
            try {
                Path image = new RootBuilder(Host.store(), new BuildOutput(out)).prepare(suite, include,
                        Optional.ofNullable(mirror), arch.orDefault());
                out.emit(new Event.Notice(arch.orDefault() + " root image ready: " + image));
                return 0;
            } catch (BuildException e) {
                throw new UserError("root image failed: " + e.getMessage());
            }
        }
    }

    @Command(name = "openzfs",
            description = {
                "Fetch OpenZFS's release source (Debian's zfs-linux source package) and unpack it into the store.",
                "It is the tree quiz watch uses when you have none of your own. quiz setup adds the deb-src entries "
                        + "it needs."})
    static final class OpenZfs implements Callable<Integer> {
        @Mixin
        ColorOption color;

        @Override
        public Integer call() throws IOException, InterruptedException {
            TerminalReporter out = reporter(color, false);
            try {
                Path tree = new OpenZfsSource(Host.store(), new BuildOutput(out)).ensure();
                out.emit(new Event.Notice("OpenZFS source ready: " + tree));
                return 0;
            } catch (BuildException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "work",
            description = {
                "Create the work dir the guest sees over its root.",
                "Install into it with DESTDIR=DIR; kernel modules with INSTALL_MOD_PATH=DIR/usr (the guest has "
                        + "merged /usr)."})
    static final class Work implements Callable<Integer> {
        @Option(names = "--name", paramLabel = "NAME",
                description = "Work dir name under $QUIZ_HOME/work (NAME-arm64 for arm64). Default: default.")
        String name;

        @Mixin
        ArchOption arch;

        @Override
        public Integer call() throws IOException {
            if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new UserError("--name " + name + ": use letters, digits, '.', '_' and '-'");
            }
            Store store = Host.store();
            Path dir = WorkDir.prepare(BuildMixin.workDir(store, name, arch.orDefault()));
            System.out.println("quiz: work dir ready: " + dir);
            List<String> problems = WorkDir.problems(dir);
            problems.forEach(p -> System.out.println("quiz: warning: " + p));
            return 0;
        }
    }
}
