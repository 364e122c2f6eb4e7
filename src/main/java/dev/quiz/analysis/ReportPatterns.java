package dev.quiz.analysis;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The first lines by which the kernel, SPL and OpenZFS start a report (checked against 6.1 and 6.12). */
final class ReportPatterns {
    private record Rule(ReportKind kind, Pattern pattern) {
    }

    private static final List<Rule> HEADERS = List.of(
            rule(ReportKind.PANIC, "^Kernel panic - not syncing: (?!Attempted to kill init!)"),
            rule(ReportKind.ASSERT, "^(VERIFY|ASSERT)[A-Z0-9]*\\(.*\\) failed"),
            rule(ReportKind.ASSERT, "^PANIC at [^ :]+:\\d+:\\S+\\(\\)"),
            rule(ReportKind.ASSERT, "^PANIC: "),
            rule(ReportKind.HANG, "^INFO: task \\S+:\\d+ blocked for more than \\d+ seconds"),
            rule(ReportKind.HANG, "^watchdog: BUG: soft lockup"),
            rule(ReportKind.HANG, "^(NMI watchdog: )?Watchdog detected hard LOCKUP"),
            rule(ReportKind.HANG, "^(rcu: )?INFO: rcu_\\w+ (detected stalls|self-detected stall)"),
            rule(ReportKind.HANG, "^BUG: workqueue lockup"),
            rule(ReportKind.OOPS, "^BUG: "),
            rule(ReportKind.OOPS, "^kernel BUG at \\S+"),
            rule(ReportKind.OOPS, "^(Oops: )+"),
            rule(ReportKind.OOPS, "^general protection fault"),
            rule(ReportKind.OOPS, "^invalid opcode: "),
            rule(ReportKind.OOPS, "^UBSAN: "),
            rule(ReportKind.WARNING, "^WARNING: CPU: \\d+ PID: \\d+ at "),
            rule(ReportKind.WARNING, "^WARNING: (possible (circular|recursive) locking|inconsistent lock state"
                    + "|suspicious RCU usage|bad unlock balance|held lock freed|lock held when returning)"));

    /** Lines of the register dump and code bytes: noise in an excerpt. */
    private static final Pattern REGISTERS = Pattern.compile(
            "^(RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR0|DR3|DR6|PKRU|Code|Hardware name)\\b:?.*");
    private static final Pattern END_MARKER = Pattern.compile("^---\\[ end (trace|Kernel panic)");

    private ReportPatterns() {
    }

    private static Rule rule(ReportKind kind, String regex) {
        return new Rule(kind, Pattern.compile(regex));
    }

    static Optional<ReportKind> header(String text) {
        for (Rule rule : HEADERS) {
            if (rule.pattern().matcher(text).find()) {
                return Optional.of(rule.kind());
            }
        }
        return Optional.empty();
    }

    static boolean registerDump(String text) {
        return REGISTERS.matcher(text).matches();
    }

    static boolean endMarker(String text) {
        return END_MARKER.matcher(text).find();
    }
}
