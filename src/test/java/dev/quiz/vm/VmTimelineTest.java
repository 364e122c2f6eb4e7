package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The breakdown of a VM's time from what the host saw and the marks the guest sent. */
class VmTimelineTest {
    private static final long S = 1_000_000_000L;

    private static String show(List<VmTimeline.Timing> steps) {
        StringBuilder sb = new StringBuilder();
        steps.forEach(t -> sb.append(String.format("%s %.2f%s%n", t.what(), t.took().toNanos() / 1e9, t.guest() ? " g" : "")));
        return sb.toString();
    }

    @Test
    void aWatchCycleThatWaitedForItsBuild() {
        VmTimeline t = new VmTimeline();
        t.qemuStarted(10 * S);
        t.consoleLine(10 * S + S / 10);
        t.mark("start 0.580123", 0);
        t.mark("init 0.61", 0);
        t.mark("run 0.62", 0);
        t.mark("root 0.75", 0);
        t.mark("switch 0.80", 0);
        t.mark("stage2 1.10", 0);
        t.waiting(11 * S + S / 2);
        t.go(14 * S + S / 2);
        t.mark("setup 4.30", 0);
        t.mark("command 5.90", 0);
        t.commandStarted(16 * S);
        t.mark("exit 11.9", 0);
        t.commandEnded(22 * S);
        t.ended(22 * S + S / 5);
        assertEquals("""
                qemu start to the kernel's first line 0.10
                kernel boot to /init 0.58 g
                init: /proc, /sys, /dev, status port 0.03 g
                init: the run's files from the host 0.01 g
                init: root image, shares, overlay 0.13 g
                init: the root's /dev, /run, hosts 0.05 g
                new root, stage 2 shell 0.30 g
                waiting for the build 3.00
                stage 2: depmod, modules, ready 0.20 g
                the profile's setup 1.60 g
                the command 6.00
                power off and qemu's end 0.20
                """, show(t.breakdown()));
    }

    @Test
    void aQuietBootIsTimedFromTheInitsOwnStart() {
        VmTimeline t = new VmTimeline();
        t.qemuStarted(10 * S);
        t.consoleLine(10 * S + S / 10);
        t.mark("start 0.42", 0);
        t.mark("init 0.45", 0);
        t.saved(10 * S + S / 2, 10 * S + 7 * S / 10);
        t.mark("run 0.46", 0);
        t.mark("root 0.50", 0);
        assertEquals("""
                qemu start to the kernel's first line 0.10
                kernel boot to /init 0.42 g
                init: /proc, /sys, /dev, status port 0.03 g
                saving the booted VM for later runs 0.20
                init: the run's files from the host 0.01 g
                init: root image, shares, overlay 0.04 g
                """, show(t.breakdown()));
    }

    /** A resumed VM's boot happened when it was saved: its console lines and marks came then, not now. */
    @Test
    void aResumedVmIsTimedFromItsResumeOn() {
        VmTimeline t = new VmTimeline();
        t.qemuStarted(10 * S);
        t.resumed(10 * S + S / 5);
        t.mark("run 0.81", 10 * S + S / 4);
        t.mark("root 0.85", 10 * S + 3 * S / 10);
        t.consoleLine(10 * S + S / 2);
        assertEquals("""
                qemu start, resuming the saved boot 0.20
                init: the run's files from the host 0.05
                init: root image, shares, overlay 0.04 g
                """, show(t.breakdown()));
    }

    @Test
    void stepsWhoseEndsWereNotSeenAreLeftOut() {
        VmTimeline t = new VmTimeline();
        t.qemuStarted(S);
        t.consoleLine(2 * S);
        t.mark("nonsense", 0);
        t.ended(3 * S);
        assertEquals("qemu start to the kernel's first line 1.00\n", show(t.breakdown()));
    }
}
