package dev.quiz.report;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.TestOutput;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import dev.quiz.vm.Vmcore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders events for a person: output lines as they come (when asked), a one-line status for
 * long phases that rewrites itself on a terminal, and the verdict with the excerpt that matters.
 */
public final class TerminalReporter implements EventSink {
    private static final long PLAIN_PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(15).toNanos();

    private final PrintStream out;
    private final Style style;
    private final boolean showOutput;
    private final boolean showBoot;
    private boolean statusShown;
    private long lastPlainProgress;

    /**
     * {@code showOutput} prints build output and the console as they come; the kernel's boot
     * messages, before the command starts, only with {@code showBoot} as well. A crash during
     * boot is shown in the verdict's excerpt either way.
     */
    public TerminalReporter(PrintStream out, Style style, boolean showOutput, boolean showBoot) {
        this.out = out;
        this.style = style;
        this.showOutput = showOutput;
        this.showBoot = showBoot;
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.Notice n) {
            println(style.dim("quiz: " + n.text()));
        } else if (event instanceof Event.Progress p) {
            progress(p.status());
        } else if (event instanceof Event.Output o && showOutput && (showBoot || o.phase() != Phase.BOOT)) {
            println(o.line());
        } else if (event instanceof Event.Finished f) {
            verdictLines(f.result()).forEach(this::println);
        }
        out.flush();
    }

    private void progress(String status) {
        if (style.terminal()) {
            int width = columns() - 1;
            String line = status.length() > width ? status.substring(0, width) : status;
            out.print("\r" + style.dim(line) + "\u001B[K");
            statusShown = true;
        } else {
            long now = System.nanoTime();
            if (now - lastPlainProgress > PLAIN_PROGRESS_INTERVAL_NANOS) {
                lastPlainProgress = now;
                out.println("quiz: " + status);
            }
        }
    }

    private void println(String line) {
        if (statusShown) {
            out.print("\r\u001B[K");
            statusShown = false;
        }
        out.println(line);
    }

    private static int columns() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The verdict line, then the excerpt of the report that explains it, then where the log is. */
    public List<String> verdictLines(RunResult result) {
        Outcome outcome = result.outcome();
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder(style.verdict(outcome.verdict()));
        head.append("  ").append(shortCommand(result.command()));
        if (!result.arch().isEmpty()) {
            head.append("  ").append(result.arch());
        }
        for (Phase phase : Phase.values()) {
            Duration d = result.phases().get(phase);
            if (d != null) {
                head.append("  ").append(phase.word()).append(' ').append(seconds(d));
            }
        }
        lines.add(head.toString());
        boolean reasonIsHeader = outcome.report().map(r -> r.header().equals(outcome.reason())).orElse(false);
        if (!outcome.verdict().passed() && !reasonIsHeader) {
            lines.add("  " + outcome.reason());
        }
        result.buildError().ifPresent(e -> lines.add("  " + e));
        outcome.report().ifPresent(report -> lines.addAll(excerpt(report)));
        if (outcome.moreReports() > 0) {
            lines.add("  (" + outcome.moreReports() + " more kernel report" + (outcome.moreReports() > 1 ? "s" : "")
                    + " in the console log)");
        }
        if (!outcome.warnings().isEmpty() && !outcome.report().map(r -> outcome.warnings().contains(r)).orElse(false)) {
            lines.add("  " + style.warn(outcome.warnings().size() + " kernel warning"
                    + (outcome.warnings().size() > 1 ? "s" : "") + ", first: " + outcome.warnings().get(0).header()));
        }
        TestOutput.summaries(result.tests()).forEach(summary -> lines.add("  " + summary));
        result.tests().stream().filter(t -> t.status() == TestCase.Status.FAIL || t.status() == TestCase.Status.KILLED)
                .limit(10).forEach(t -> lines.add("    " + t.status() + " " + t.name()));
        if (!result.taints().isEmpty()) {
            lines.add("  " + style.dim("kernel tainted during the run: " + result.taints()));
        }
        result.guestFiles().ifPresent(dir -> lines.add("  " + style.dim("guest files: " + dir)));
        result.consoleLog().ifPresent(log -> lines.add("  " + style.dim("console: " + log)));
        result.vmcore().ifPresent(core -> lines.addAll(vmcore(core)));
        return lines;
    }

    /** Where the guest's memory went, how big and how long it took, and how to open it. */
    private List<String> vmcore(Vmcore core) {
        if (core.file().isEmpty()) {
            return List.of("  " + style.warn("vmcore: not written (" + seconds(core.took()) + "): "
                    + core.failure().orElse("")));
        }
        List<String> lines = new ArrayList<>(List.of("  vmcore: " + core.file().get()
                + String.format(Locale.ROOT, " (%.1f MB, %s)", core.bytes() / 1e6, seconds(core.took()))));
        core.openWith().forEach(command -> lines.add("    " + command));
        return lines;
    }

    private List<String> excerpt(KernelReport report) {
        List<String> lines = new ArrayList<>();
        for (String line : report.excerpt()) {
            lines.add("    " + line);
        }
        if (!report.complete()) {
            lines.add("    " + style.dim("(the report was cut off)"));
        }
        return lines;
    }

    /** A command as one short line: a script shows its first real line. */
    static String shortCommand(String command) {
        if (command.isBlank()) {
            return "(shell)";
        }
        List<String> lines = command.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("set -")).toList();
        return lines.isEmpty() ? command.strip() : lines.size() == 1 ? lines.get(0) : lines.get(0) + " ...";
    }

    static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
