package dev.quiz.build;

import dev.quiz.arch.Arch;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an OpenZFS tree against a quiz kernel and installs it into a work dir, doing the least
 * that is correct: autogen and configure only when the build system or the kernel changed (with
 * a config cache), {@code make -C module} when only module sources changed, and a modules-only
 * install then. The tree is built in place, as a developer builds it; quiz changes no source.
 */
public final class OpenZfsBuilder extends TreeStateBuilder {
    private final PreparedKernel kernel;
    private final Path state;

    public OpenZfsBuilder(Store store, Path tree, PreparedKernel kernel, Path work, BuildOptions options,
            BuildListener listener) {
        super(store, tree, kernel, work, options, listener);
        this.kernel = kernel;
        this.state = treeState.buildState;
        if (kernel.buildDir().isEmpty() || kernel.sourceDir().isEmpty()) {
            throw new IllegalArgumentException("OpenZFS needs a kernel quiz prepared (with its kbuild tree), not "
                    + kernel.description());
        }
    }

    private String configureStamp() {
        return "kbuild=" + kernel.buildDir().get() + "\nrelease=" + kernel.release() + "\nargs=" + configureArgs();
    }

    private List<String> configureArgs() {
        List<String> args = new ArrayList<>(List.of("--with-linux=" + kernel.sourceDir().get(),
                "--with-linux-obj=" + kernel.buildDir().get(), "--prefix=/usr/local", "--disable-sysvinit",
                "--disable-systemd", "--disable-pam", "--disable-pyzfs",
                // Everything under /usr: the guest's root has merged /usr, and a top-level lib/ or
                // sbin/ in the work dir would hide its /lib and /sbin links.
                "--with-udevdir=/usr/lib/udev", "--with-mounthelperdir=/usr/sbin", "--with-dracutdir=/usr/lib/dracut"));
        Arch arch = kernel.arch();
        if (arch.foreign()) {
            // Userland through the cross compiler against Debian's multiarch libraries, modules through kbuild's.
            args.addAll(List.of("--host=" + arch.triplet(), "KERNEL_CROSS_COMPILE=" + arch.crossPrefix(),
                    "KERNEL_ARCH=" + arch.kernelArch(), "PKG_CONFIG=pkg-config",
                    "PKG_CONFIG_LIBDIR=/usr/lib/" + arch.triplet() + "/pkgconfig:/usr/share/pkgconfig"));
        }
        if (options.debug()) {
            args.addAll(List.of("--enable-debug", "--enable-debuginfo"));
        }
        args.addAll(options.configureArgs());
        return args;
    }

    /** The plan for these changes, given what is already configured and installed. */
    BuildPlan plan(Set<Path> changed, boolean haveSnapshot) throws IOException {
        Set<ChangeKind> kinds = EnumSet.noneOf(ChangeKind.class);
        changed.forEach(p -> kinds.add(ChangeKind.of(p)));
        BuildPlan plan = BuildPlan.forChanges(kinds, options.userlandUsesModule());
        Path stamp = state.resolve("configure.stamp");
        boolean needsAutogen = !Files.isRegularFile(buildTree.resolve("configure"));
        boolean needsConfigure = !Files.isRegularFile(buildTree.resolve("config.status")) || !Files.isRegularFile(stamp)
                || !Files.readString(stamp).equals(configureStamp());
        if (needsAutogen || needsConfigure || !haveSnapshot || WorkDir.installIncomplete(work) || options.cleanWork()) {
            return plan.full(needsAutogen, needsConfigure);
        }
        return plan;
    }

    @Override
    public BuildOutcome build(Optional<Set<Path>> given) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        TreeState.Changes changes = treeState.changes(given);
        Set<Path> changed = changes.changed();
        BuildPlan plan = plan(changed, changes.built());
        return treeState.build(changes, plan, options, listener, t0, (st, fresh) -> steps(st, plan, fresh));
    }

    /** {@code fresh}: a new copy of the tree, cleaned of any objects of the tree's own build once configured. */
    private Optional<Duration> steps(BuildSteps s, BuildPlan plan, boolean fresh) throws BuildException, IOException,
            InterruptedException {
        if (plan.autogen()) {
            s.regenerate("autogen", List.of("./autogen.sh"));
        }
        if (plan.configure()) {
            Files.deleteIfExists(state.resolve("configure.stamp"));
            Files.deleteIfExists(state.resolve("config.cache"));
            List<String> configure = new ArrayList<>(List.of("./configure",
                    "--cache-file=" + state.resolve("config.cache")));
            configure.addAll(configureArgs());
            s.regenerate("configure", configure);
            Files.writeString(state.resolve("configure.stamp"), configureStamp());
        }
        if (fresh) {
            s.run("make clean", List.of("make", "clean"));
        }
        String jobs = "-j" + options.jobs();
        switch (plan.make()) {
            case ALL -> s.run("make", List.of("make", jobs));
            case MODULES -> s.run("make modules", List.of("make", "-C", "module", jobs));
            case NOTHING -> {
            }
        }
        if (plan.make() != BuildPlan.Make.NOTHING) {
            options.makeExtraTargets(s);
        }
        return install(s, plan.install());
    }

    /** Installs into the work dir; returns the time a modules-only install saved against the last full one. */
    private Optional<Duration> install(BuildSteps s, BuildPlan.Install scope) throws BuildException, IOException,
            InterruptedException {
        if (scope == BuildPlan.Install.NOTHING) {
            return Optional.empty();
        }
        if (options.cleanWork()) {
            WorkDir.clean(work);
        }
        WorkDir.beginInstall(work);
        String modPath = "INSTALL_MOD_PATH=" + work.resolve("usr");
        long t = System.nanoTime();
        switch (scope) {
            case FULL -> s.run("install", List.of("make", "install", "DESTDIR=" + work, modPath));
            case MODULES -> s.run("install modules", List.of("make", "-C", "module", "modules_install", modPath));
            case TESTS -> s.run("install tests", List.of("make", "-C", "tests", "install", "DESTDIR=" + work));
            default -> {
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        WorkDir.endInstall(work);
        Path fullTime = state.resolve("full-install.millis");
        if (scope == BuildPlan.Install.FULL) {
            Files.writeString(fullTime, String.valueOf(took.toMillis()));
            return Optional.empty();
        }
        if (Files.isRegularFile(fullTime)) {
            long full = Long.parseLong(Files.readString(fullTime).strip());
            return Optional.of(Duration.ofMillis(Math.max(0, full - took.toMillis())));
        }
        return Optional.empty();
    }
}
