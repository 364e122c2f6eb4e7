package dev.quiz.cli;

import dev.quiz.analysis.Verdict;
import dev.quiz.vm.VmTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "quiz",
        // Inherited: every subcommand answers --help, -h and --version too.
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Edit a kernel module, and seconds later see whether it still works, in a fresh VM.",
            "quiz builds a small guest kernel and a read-only Debian root, installs your build into a work dir,"
                    + " and boots a fresh qemu microvm for every run, judging it PASS, FAIL, PANIC, OOPS, ASSERT, HANG or"
                    + " TIMEOUT.",
            "",
            "Start with: quiz setup   (installs what quiz needs and prepares kernel, root and work dir)"},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0        the command passed",
            "  1-255    the command's own exit status, passed through (FAIL)",
            "  120      ASSERT: an OpenZFS/SPL assertion failed in the kernel",
            "  121      OOPS: a kernel oops, BUG, KASAN or UBSAN report",
            "  122      PANIC: the kernel panicked",
            "  123      NO VERDICT: quiz analyze found no command exit status and no kernel report in the log",
            "  124      HANG or TIMEOUT",
            "  125      nothing could be tested: BUILD FAILED or BOOT FAILED (git bisect run skips the commit)",
            "  130      interrupted (Ctrl-C)",
            "  143      stopped by SIGTERM (128 + 15, as the JVM ends on it)",
            "  250      quiz itself could not run: bad usage or setup (git bisect run stops rather than judge)",
            "",
            "Everything quiz prepares and records lives in $QUIZ_HOME (default ~/.cache/quiz)."})
public final class Main implements Runnable {
    /** The commands, in the order quiz --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(SetupCommand.class,
            PrepareCommand.class, BuildCommand.class, RunCommand.class, WatchCommand.class, ProfilesCommand.class,
            HooksCommand.class, HookCommand.class, ZtsCommand.class, DoctorCommand.class, BenchCommand.class,
            BenchCycleCommand.class,
            AnalyzeCommand.class, HistoryCommand.class, LogCommand.class, CommandLine.HelpCommand.class);

    /** When main started, for quiz run --timings, and how long after the process began. */
    static volatile long mainNanos;
    static volatile Optional<Duration> processToMain;

    public static void main(String[] args) {
        mainNanos = System.nanoTime();
        processToMain = ProcessClock.sinceStart();
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The steps before the run: the JVM's start up to quiz's main, then quiz's own work until the
     * run began, but for the build quiz ran on the way ({@code build}, zero when none), a step of its own.
     */
    static List<VmTimeline.Timing> beforeTheRun(long runStartedNanos, Duration build) {
        List<VmTimeline.Timing> steps = new ArrayList<>();
        if (processToMain == null) {
            return steps; // run in-process, by a test
        }
        processToMain.ifPresent(took -> steps.add(new VmTimeline.Timing("JVM start to quiz's main", took, false)));
        if (!build.isZero()) {
            steps.add(new VmTimeline.Timing("the build", build, false));
        }
        if (runStartedNanos > mainNanos) {
            steps.add(new VmTimeline.Timing("quiz: options, profile, kernel, settings",
                    Duration.ofNanos(runStartedNanos - mainNanos).minus(build), false));
        }
        return steps;
    }

    /** Every command, as quiz --help and the tests see them. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line for these arguments: when the first names a command, only that command
     * is set up, which spares the JVM loading and inspecting all the others (a third of a second
     * of every quiz run under TCG's loaded hosts); otherwise all of them.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(command));
                }
            }
        }
        return commandLine(COMMANDS);
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        commands.forEach(cl::addSubcommand);
        // Help as wide as the terminal (100 columns when it cannot be told), so lines do not break mid-sentence.
        cl.setUsageHelpWidth(100);
        cl.setUsageHelpAutoWidth(true);
        // --accel KVM works as well as --accel kvm, --color NEVER as well as --color never.
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                commandLine.getErr().println("quiz: " + e.getMessage());
            } else if (e instanceof InterruptedException) {
                return Verdict.INTERRUPTED;
            } else {
                commandLine.getErr().println("quiz: internal error: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            return Verdict.QUIZ_ERROR;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("quiz: " + e.getMessage() + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
            return Verdict.QUIZ_ERROR;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed, such as: quiz run -- uname -a");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"quiz " + (v == null ? "(development build)" : v)};
        }
    }
}
