package dev.quiz.analysis;

import dev.quiz.vm.VmExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides a run's verdict from everything the VM told: the exit status from the status port,
 * how qemu ended, and the reports on the console. A crash outranks the command's status; a
 * status is never inferred from console text.
 */
public final class Verdicts {
    private Verdicts() {
    }

    /** What a profile may change in the judging. */
    public record Policy(boolean failOnWarning) {
        public static final Policy DEFAULT = new Policy(false);
    }

    public static Outcome decide(VmExit exit, List<KernelReport> reports, Policy policy) {
        List<KernelReport> warnings = reports.stream().filter(r -> r.kind() == ReportKind.WARNING).toList();
        List<KernelReport> failing = reports.stream().filter(r -> r.kind() != ReportKind.WARNING).toList();

        if (exit.bootFailure().isPresent()) {
            return outcome(Verdict.BOOT_FAILED, 0, "guest init: " + exit.bootFailure().get(), failing, warnings);
        }
        Optional<KernelReport> crash = firstOf(failing, ReportKind.ASSERT)
                .or(() -> firstOf(failing, ReportKind.PANIC))
                .or(() -> firstOf(failing, ReportKind.OOPS))
                .or(() -> firstOf(failing, ReportKind.HANG));
        if (crash.isPresent()) {
            Verdict verdict = switch (crash.get().kind()) {
                case ASSERT -> Verdict.ASSERT;
                case PANIC -> Verdict.PANIC;
                case OOPS -> Verdict.OOPS;
                default -> Verdict.HANG;
            };
            return outcome(verdict, 0, crash.get().header(), failing, warnings);
        }
        if (exit.guestStatus().isEmpty() && exit.commandStarted() && (exit.guestPanicked()
                || exit.end() == VmExit.End.QEMU_EXITED && exit.qemuStatus() != 0)) {
            // pvpanic made qemu exit non-zero, but the panic text never reached the console.
            return outcome(Verdict.PANIC, 0, "the guest kernel panicked (pvpanic)", failing, warnings);
        }
        switch (exit.end()) {
            case SILENT -> {
                return outcome(Verdict.HANG, 0, "no console output or guest message for too long", failing, warnings);
            }
            case TIMEOUT -> {
                return outcome(Verdict.TIMEOUT, 0, exit.commandStarted()
                        ? "the command did not finish in time" : "the guest did not start the command in time",
                        failing, warnings);
            }
            default -> {
            }
        }
        if (exit.setupFailure().isPresent()) {
            return outcome(Verdict.BOOT_FAILED, 0, "the profile's setup failed with status " + exit.setupFailure().get(),
                    failing, warnings);
        }
        if (exit.guestStatus().isPresent()) {
            int status = exit.guestStatus().get();
            if (status != 0) {
                return outcome(Verdict.FAIL, status, "exit status " + status, failing, warnings);
            }
            if (policy.failOnWarning() && !warnings.isEmpty()) {
                return new Outcome(Verdict.FAIL, "kernel warning: " + warnings.get(0).header(), 1,
                        Optional.of(warnings.get(0)), warnings.size() - 1, warnings);
            }
            return outcome(Verdict.PASS, 0, "exit status 0", failing, warnings);
        }
        if (exit.end() == VmExit.End.STOPPED) {
            return outcome(Verdict.FAIL, 1, "stopped before the command finished", failing, warnings);
        }
        if (!exit.commandStarted()) {
            return outcome(Verdict.BOOT_FAILED, 0, exit.qemuStatus() != 0
                    ? "qemu exited with status " + exit.qemuStatus() + " before the command started"
                    : "the guest ended before the command started", failing, warnings);
        }
        return outcome(Verdict.FAIL, 1, "the guest ended without reporting the command's exit status", failing, warnings);
    }

    /**
     * The verdict of a saved console log, which has no VM behind it: the command's status when the
     * log records it, as quiz's own logs do, and the kernel's reports. A log with neither a status
     * nor a failing report says nothing about whether its run passed.
     */
    public static Outcome decideSavedLog(Optional<Integer> status, List<KernelReport> reports) {
        boolean failing = reports.stream().anyMatch(r -> r.kind() != ReportKind.WARNING);
        if (status.isEmpty() && !failing) {
            return outcome(Verdict.NO_VERDICT, 0, "nothing to judge: no command exit status and no "
                    + (reports.isEmpty() ? "" : "failing ") + "kernel report in the log", List.of(), reports);
        }
        VmExit ranToItsEnd = new VmExit(VmExit.End.QEMU_EXITED, 0, status, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Duration.ZERO), Duration.ZERO, Path.of(""), 0, List.of(),
                false);
        return decide(ranToItsEnd, reports, Policy.DEFAULT);
    }

    private static Optional<KernelReport> firstOf(List<KernelReport> reports, ReportKind kind) {
        return reports.stream().filter(r -> r.kind() == kind).findFirst();
    }

    private static Outcome outcome(Verdict verdict, int guestStatus, String reason, List<KernelReport> failing,
            List<KernelReport> warnings) {
        Optional<KernelReport> shown = failing.stream().findFirst();
        return new Outcome(verdict, reason, verdict.exitCode(guestStatus), shown,
                Math.max(0, failing.size() - 1), warnings);
    }
}
