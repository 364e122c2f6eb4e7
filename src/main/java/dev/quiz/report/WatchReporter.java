package dev.quiz.report;

import dev.quiz.analysis.Verdict;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One line per watch cycle, for a terminal beside the editor or a log:
 * {@code [12:05:10] #2  module/zfs/vdev_raidz.c  build 7.9s  boot 1.5s  test 0.9s  PANIC}, then for a
 * failure the excerpt that explains it, indented under the line. On a terminal, the cycle under
 * way shows as one status line (what changed, what the build and the VM are doing, the time so
 * far) that the verdict line replaces; in a pipe, only whole lines are written.
 */
public final class WatchReporter implements EventSink, AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String INDENT = "           ";
    private static final long REDRAW_MILLIS = 500;

    private final PrintStream out;
    private final Style style;
    private final int columns;
    private final TerminalReporter details;
    private final ScheduledExecutorService ticker;
    private String trigger = "";
    private int number;
    private Cycle cycle;
    private boolean statusShown;

    /** What the status line shows of the cycle under way. */
    private static final class Cycle {
        final long startNanos = System.nanoTime();
        String build = "starting";
        String vm = "";
        boolean building = true;
    }

    /** {@code columns}: the terminal's width, to keep the status line on one line. */
    public WatchReporter(PrintStream out, Style style, int columns) {
        this.out = out;
        this.style = style;
        this.columns = columns > 0 ? columns : 100;
        this.details = new TerminalReporter(out, style, false, false);
        if (style.terminal()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quiz-watch-status");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.CycleStarted c) {
            number = c.number();
            trigger = c.trigger();
            cycle = new Cycle();
        } else if (event instanceof Event.Progress p && cycle != null) {
            if (p.phase() == Phase.BUILD) {
                cycle.build = p.status();
            } else {
                cycle.vm = p.status();
            }
        } else if (event instanceof Event.PhaseStarted p && cycle != null) {
            if (p.phase() == Phase.BOOT) {
                cycle.vm = "booting";
            } else if (p.phase() == Phase.TEST) {
                cycle.building = false;
                cycle.vm = "testing";
            }
        } else if (event instanceof Event.Notice n) {
            println(style.dim("quiz: " + n.text()));
        } else if (event instanceof Event.CycleCancelled c) {
            cycle = null;
            println(style.dim("quiz: cycle #" + c.number() + " cancelled: more changes came"));
        } else if (event instanceof Event.CycleFailed f) {
            cycle = null;
            println(head() + " " + style.alarm("QUIZ ERROR") + "  " + f.reason());
        } else if (event instanceof Event.Finished f) {
            cycle = null;
            lines(f.result()).forEach(this::println);
        }
        redraw();
        out.flush();
    }

    /** Rewrites the status line of the cycle under way, on a terminal. */
    private synchronized void redraw() {
        if (ticker == null || cycle == null) {
            return;
        }
        double seconds = (System.nanoTime() - cycle.startNanos) / 1e9;
        StringBuilder status = new StringBuilder(String.format("#%d %s  ", number, trigger));
        if (cycle.building) {
            status.append("build: ").append(cycle.build);
        }
        if (!cycle.vm.isEmpty()) {
            status.append(cycle.building ? " · " : "").append("vm: ").append(cycle.vm);
        }
        String time = String.format("  %.0fs", seconds);
        int room = columns - 1 - time.length();
        String line = (status.length() > room ? status.substring(0, Math.max(0, room)) : status.toString()) + time;
        out.print("\r" + style.dim(line) + "\u001B[K");
        out.flush();
        statusShown = true;
    }

    private void println(String line) {
        if (statusShown) {
            out.print("\r\u001B[K");
            statusShown = false;
        }
        out.println(line);
    }

    private String head() {
        return '[' + LocalTime.now().format(CLOCK) + "] " + String.format("#%-3d %-32s", number, trigger);
    }

    List<String> lines(RunResult r) {
        StringBuilder head = new StringBuilder(head());
        Verdict verdict = r.outcome().verdict();
        if (verdict == Verdict.BUILD_FAILED) {
            head.append(' ').append(r.arch()).append(" build ").append(style.verdict(verdict).replace("BUILD ", "")).append("  ")
                    .append(r.outcome().reason());
            return List.of(head.toString(), INDENT + style.dim(r.buildError().orElse("")));
        }
        head.append(' ').append(r.arch());
        for (Phase phase : Phase.values()) {
            Duration d = r.phases().get(phase);
            if (d != null) {
                head.append(' ').append(phase.word()).append(' ').append(TerminalReporter.seconds(d)).append(' ');
            }
        }
        head.append(' ').append(style.verdict(verdict));
        List<String> lines = new ArrayList<>();
        lines.add(head.toString());
        if (!verdict.passed()) {
            // The excerpt, reason, tests and log path, as quiz run shows them, under the cycle line.
            List<String> detail = details.verdictLines(r);
            detail.subList(1, detail.size()).forEach(l -> lines.add(INDENT + (l.startsWith("  ") ? l.substring(2) : l)));
        }
        return lines;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (statusShown) {
            out.print("\r\u001B[K");
            out.flush();
            statusShown = false;
        }
    }
}
