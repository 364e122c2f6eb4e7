package dev.quiz.analysis;

import dev.quiz.arch.Arch;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The first lines by which the kernel, SPL and OpenZFS start a report (checked against 6.1 and
 * 6.12), and the lines that end one or are noise in it. A log does not say its architecture, so
 * every architecture's shapes are recognised in every log.
 */
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
            rule(ReportKind.OOPS, "^UBSAN: "),
            rule(ReportKind.WARNING, "^WARNING: CPU: \\d+ PID: \\d+ at "),
            rule(ReportKind.WARNING, "^WARNING: (possible (circular|recursive) locking|inconsistent lock state"
                    + "|suspicious RCU usage|bad unlock balance|held lock freed|lock held when returning)"));

    private static final List<Arch> ARCHES = List.of(Arch.values());
    private static final Pattern END_MARKER = Pattern.compile("^---\\[ end (trace|Kernel panic)");
    private static final Pattern TRACE_START = Pattern.compile("^(Call Trace:|Call trace:|\\s*<TASK>)");

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
        for (Arch arch : ARCHES) {
            if (arch.oopsHeader(text)) {
                return Optional.of(ReportKind.OOPS);
            }
        }
        return Optional.empty();
    }

    /** Lines of a register dump, code bytes and fault decoding: noise in an excerpt. */
    static boolean registerDump(String text) {
        for (Arch arch : ARCHES) {
            if (arch.registerDump(text)) {
                return true;
            }
        }
        return false;
    }

    /** The line that starts a stack trace. */
    static boolean traceStart(String text) {
        return TRACE_START.matcher(text).find();
    }

    /** The last line of a stack trace. */
    static boolean traceEnd(String text) {
        for (Arch arch : ARCHES) {
            if (arch.traceEnd(text)) {
                return true;
            }
        }
        return false;
    }

    static boolean endMarker(String text) {
        return END_MARKER.matcher(text).find();
    }
}
