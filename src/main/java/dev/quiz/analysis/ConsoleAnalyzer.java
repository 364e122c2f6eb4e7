package dev.quiz.analysis;

import dev.quiz.vm.RunningTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a console line by line, as it streams or from a saved log, and collects the kernel's
 * reports. Lines of a report are kernel messages; program output interleaved with them is
 * skipped rather than allowed to end the report. A saved log in which no line carries a
 * kernel mark (see {@link ConsoleLine}) gives no way to tell the two apart, so there every line
 * is read as kernel text.
 */
public final class ConsoleAnalyzer {
    private static final int MAX_REPORT_LINES = 120;
    /**
     * Lines into a report in which a further header belongs to the same report: BUG:, #PF:, Oops:
     * on x86; on arm64 "Internal error: Oops" follows "Unable to handle kernel" after the fault's
     * decoding, a dozen lines on.
     */
    private static final int HEADER_AREA = 20;

    private static final Pattern TAINTED =
            Pattern.compile("Tainted: ([A-Z ]+?)\\s+\\d");
    private static final Pattern RUNNING = Pattern.compile("^CPU: (\\d+) PID: (\\d+) Comm: ");
    private static final Pattern TAINT_MESSAGE = Pattern.compile(
            "(module license .* taints kernel|loading out-of-tree module taints kernel|tainting kernel)");

    private final boolean everyLineIsKernel;
    private final List<KernelReport> reports = new ArrayList<>();
    private final SortedSet<Character> taints = new TreeSet<>();
    private Open open;

    private static final class Open {
        final ReportKind kind;
        final String header;
        final List<String> excerpt = new ArrayList<>();
        int lines;
        boolean sawTrace;

        Open(ReportKind kind, String header) {
            this.kind = kind;
            this.header = header;
        }
    }

    /** What a line did to the reports, for a caller that reacts while the VM runs. */
    public enum Change {
        NONE, OPENED, CLOSED
    }

    /** For quiz's live console, whose kernel lines carry printk timestamps from the first. */
    public ConsoleAnalyzer() {
        this(false);
    }

    private ConsoleAnalyzer(boolean everyLineIsKernel) {
        this.everyLineIsKernel = everyLineIsKernel;
    }

    /**
     * For a saved log, to be fed all of {@code lines}: how to read them is told from the whole log,
     * by marks at the start of a line. A timestamp further in may be a program's own text.
     */
    public static ConsoleAnalyzer forSavedLog(List<String> lines) {
        return new ConsoleAnalyzer(lines.stream().map(ConsoleLine::of)
                .noneMatch(line -> line.kernel() && line.outputBefore().isEmpty()));
    }

    public Change accept(String raw) {
        ConsoleLine line = ConsoleLine.of(raw);
        if (!line.kernel() && !everyLineIsKernel) {
            return Change.NONE;
        }
        String text = line.text();
        noteTaint(text);
        Optional<ReportKind> header = ReportPatterns.header(text);
        if (open != null) {
            if (header.isPresent() && !(open.lines < HEADER_AREA && absorbs(open.kind, header.get()))) {
                // A new report before this one's end: this one was cut short.
                close(false);
                return start(header.get(), text);
            }
            append(text);
            if (ReportPatterns.endMarker(text)
                    || (open.sawTrace && ReportPatterns.traceEnd(text) && endsWithItsTrace(open.kind))) {
                close(true);
                return Change.CLOSED;
            }
            if (open.lines >= MAX_REPORT_LINES) {
                close(false);
                return Change.CLOSED;
            }
            return Change.NONE;
        }
        return header.map(kind -> start(kind, text)).orElse(Change.NONE);
    }

    /** Ends the console: a report still open was cut off (the VM died or was stopped). */
    public List<KernelReport> finish() {
        if (open != null) {
            close(false);
        }
        return List.copyOf(reports);
    }

    public List<KernelReport> reports() {
        return List.copyOf(reports);
    }

    /**
     * The taint flags the kernel showed during the run (P proprietary module, O out-of-tree,
     * W warning, D oops, L soft lockup, ...). A quiz guest starts untainted, so all are new.
     */
    public SortedSet<Character> taints() {
        return Collections.unmodifiableSortedSet(taints);
    }

    private void noteTaint(String text) {
        Matcher m = TAINTED.matcher(text);
        if (m.find()) {
            for (char c : m.group(1).toCharArray()) {
                if (c != ' ' && c != 'G') {
                    taints.add(c);
                }
            }
        }
        m = TAINT_MESSAGE.matcher(text);
        if (m.find()) {
            String what = m.group(1);
            taints.add(what.startsWith("module license") ? 'P' : what.startsWith("loading") ? 'O' : 'E');
        }
    }

    /**
     * The task that panicked and its CPU, from the CPU line of the last panic report (open or
     * closed), when the report has one.
     */
    public Optional<RunningTask> panickedTask() {
        List<String> excerpt = open != null && open.kind == ReportKind.PANIC ? open.excerpt
                : reports.stream().filter(r -> r.kind() == ReportKind.PANIC).reduce((a, b) -> b)
                        .map(KernelReport::excerpt).orElse(List.of());
        return excerpt.stream().map(RUNNING::matcher).filter(Matcher::find).findFirst()
                .map(m -> new RunningTask(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    /** The kind of the report being read, if one is open. */
    public Optional<ReportKind> openKind() {
        return open == null ? Optional.empty() : Optional.of(open.kind);
    }

    private Change start(ReportKind kind, String text) {
        open = new Open(kind, text);
        append(text);
        return Change.OPENED;
    }

    private void append(String text) {
        open.lines++;
        if (ReportPatterns.traceStart(text)) {
            open.sawTrace = true;
        }
        if (!ReportPatterns.registerDump(text)) {
            open.excerpt.add(text);
        }
    }

    private void close(boolean complete) {
        reports.add(new KernelReport(open.kind, open.header, open.excerpt, complete));
        open = null;
    }

    /** An oops announces itself in several lines: "BUG: ...", "#PF: ...", "Oops: ...". */
    private static boolean absorbs(ReportKind current, ReportKind next) {
        return current == next && (current == ReportKind.OOPS || current == ReportKind.ASSERT);
    }

    /**
     * Reports that may print no end marker end with their stack: an SPL assertion, the hang
     * detectors, and a panic with {@code panic=-1}, which restarts before its end line.
     */
    private static boolean endsWithItsTrace(ReportKind kind) {
        return kind == ReportKind.ASSERT || kind == ReportKind.HANG || kind == ReportKind.PANIC;
    }
}
