package dev.quiz.vm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Where one VM's time went. The host's clock times what the host sees (qemu's start, the first
 * line on the console, the status port's messages, qemu's end); the guest's own clock, its
 * uptime, times the kernel's boot and the init's stages, which the guest init reports as marks.
 * Thread-safe: the console, the status port and the supervisor feed it from their threads.
 */
public final class VmTimeline {

    /** One step and how long it took; {@code guest}: timed by the guest's clock. */
    public record Timing(String what, Duration took, boolean guest) {
    }

    private long qemuStarted;
    private long firstLine;
    private final Map<String, Double> marks = new LinkedHashMap<>();
    private final Map<String, Long> markArrivals = new LinkedHashMap<>();
    private long resumed;
    private long savingStarted;
    private long savingEnded;
    private long waiting;
    private long go;
    private long commandStarted;
    private long commandEnded;
    private long ended;

    public synchronized void qemuStarted(long nanos) {
        qemuStarted = nanos;
    }

    /** A console line came, at {@code nanos}: the first one times qemu's start. */
    public synchronized void consoleLine(long nanos) {
        if (firstLine == 0) {
            firstLine = nanos;
        }
    }

    /** A guest mark's argument, its name and the guest's uptime in seconds, which reached the host at {@code nanos}. */
    public synchronized void mark(String argument, long nanos) {
        String[] parts = argument.split(" ");
        if (parts.length == 2) {
            try {
                marks.putIfAbsent(parts[0], Double.parseDouble(parts[1]));
                markArrivals.putIfAbsent(parts[0], nanos);
            } catch (NumberFormatException e) {
                // not one of the init's marks: nothing to time
            }
        }
    }

    /** A saved boot was loaded and runs, at {@code nanos}. */
    public synchronized void resumed(long nanos) {
        resumed = nanos;
    }

    /** The booted VM was saved for later runs, from {@code from} to {@code to}. */
    public synchronized void saved(long from, long to) {
        savingStarted = from;
        savingEnded = to;
    }

    public synchronized void waiting(long nanos) {
        waiting = nanos;
    }

    public synchronized void go(long nanos) {
        go = nanos;
    }

    public synchronized void commandStarted(long nanos) {
        if (commandStarted == 0) {
            commandStarted = nanos;
        }
    }

    public synchronized void commandEnded(long nanos) {
        if (commandEnded == 0) {
            commandEnded = nanos;
        }
    }

    public synchronized void ended(long nanos) {
        ended = nanos;
    }

    /** When qemu was started, on the host's clock (System.nanoTime), or 0 if it never was. */
    public synchronized long qemuStartedNanos() {
        return qemuStarted;
    }

    /** The steps, in the order they happened; a step whose ends were not both seen is left out. */
    public synchronized List<Timing> breakdown() {
        List<Timing> steps = new ArrayList<>();
        if (resumed != 0) {
            // A resumed VM's boot was printed and marked when it was saved.
            host(steps, "qemu start, resuming the saved boot", qemuStarted, resumed);
            host(steps, "init: the run's files from the host", resumed, markArrivals.getOrDefault("run", 0L));
        } else {
            host(steps, "qemu start to the kernel's first line", qemuStarted, firstLine);
            // The init's own first mark says when it started: the kernel's "Run /init" line is an info
            // message, which the quiet boot does not print.
            OptionalDouble initStarted = uptimeAt("start");
            guest(steps, "kernel boot to /init", OptionalDouble.of(0), initStarted);
            guest(steps, "init: /proc, /sys, /dev, status port", initStarted, uptimeAt("init"));
            host(steps, "saving the booted VM for later runs", savingStarted, savingEnded);
            guest(steps, "init: the run's files from the host", uptimeAt("init"), uptimeAt("run"));
        }
        guest(steps, "init: root image, shares, overlay", uptimeAt("run"), uptimeAt("root"));
        guest(steps, "init: the root's /dev, /run, hosts", uptimeAt("root"), uptimeAt("switch"));
        guest(steps, "new root, stage 2 shell", uptimeAt("switch"), uptimeAt("stage2"));
        double waited = waiting != 0 && go > waiting ? (go - waiting) / 1e9 : 0;
        host(steps, "waiting for the build", waiting, go > waiting ? go : 0);
        OptionalDouble afterStage2 = uptimeAt("setup").isPresent() ? uptimeAt("setup") : uptimeAt("command");
        if (uptimeAt("stage2").isPresent() && afterStage2.isPresent()) {
            add(steps, "stage 2: depmod, modules, ready", afterStage2.getAsDouble() - uptimeAt("stage2").getAsDouble() - waited,
                    true);
        }
        guest(steps, "the profile's setup", uptimeAt("setup"), uptimeAt("command"));
        host(steps, "the command", commandStarted, commandEnded);
        host(steps, "power off and qemu's end", commandEnded, ended);
        return steps;
    }

    private OptionalDouble uptimeAt(String name) {
        Double t = marks.get(name);
        return t == null ? OptionalDouble.empty() : OptionalDouble.of(t);
    }

    private static void guest(List<Timing> steps, String what, OptionalDouble from, OptionalDouble to) {
        if (from.isPresent() && to.isPresent()) {
            add(steps, what, to.getAsDouble() - from.getAsDouble(), true);
        }
    }

    private static void host(List<Timing> steps, String what, long from, long to) {
        if (from != 0 && to != 0 && to >= from) {
            add(steps, what, (to - from) / 1e9, false);
        }
    }

    private static void add(List<Timing> steps, String what, double seconds, boolean guest) {
        steps.add(new Timing(what, Duration.ofNanos(Math.round(Math.max(0, seconds) * 1e9)), guest));
    }
}
