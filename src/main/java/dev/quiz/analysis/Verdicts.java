package dev.quiz.analysis;

import dev.quiz.vm.VmExit;
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
        if (exit.guestStatus().isEmpty() && exit.end() == VmExit.End.QEMU_EXITED && exit.qemuStatus() != 0
                && exit.commandStarted()) {
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
