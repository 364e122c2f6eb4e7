package dev.quiz.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Collects changed sources and hands them out as one batch once the tree has been quiet for the
 * quiet period: an editor's atomic save, a checkout or a formatter over a hundred files gives
 * one batch. A rescan (the user or a git hook asking) makes a batch too; so does a recheck
 * (the watcher may have missed events), which starts a cycle only if the sources differ from
 * the last build's.
 */
public final class ChangeCollector {
    private final long quietNanos;
    private final Set<Path> pending = new LinkedHashSet<>();
    private boolean rescan;
    private boolean recheck;
    private long lastChange;

    public ChangeCollector(Duration quiet) {
        this.quietNanos = quiet.toNanos();
    }

    public synchronized void changed(Path relative) {
        pending.add(relative);
        lastChange = System.nanoTime();
        notifyAll();
    }

    /** Someone asks for a cycle (a key press, a git hook): one runs, whatever changed. */
    public synchronized void rescan() {
        rescan = true;
        lastChange = System.nanoTime() - quietNanos;
        notifyAll();
    }

    /** Changes may have been missed (an inotify overflow): compare the sources with the last build's. */
    public synchronized void recheck() {
        recheck = true;
        lastChange = System.nanoTime();
        notifyAll();
    }

    /** A batch, or null if none came within {@code wait}. */
    public synchronized Batch await(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long now = System.nanoTime();
            boolean any = !pending.isEmpty() || rescan || recheck;
            if (any && now - lastChange >= quietNanos) {
                Batch batch = new Batch(Set.copyOf(pending), rescan, recheck);
                pending.clear();
                rescan = false;
                recheck = false;
                return batch;
            }
            long until = any ? Math.min(deadline, lastChange + quietNanos) : deadline;
            if (until <= now) {
                if (now >= deadline) {
                    return null;
                }
                continue;
            }
            long ms = Math.max(1, (until - now) / 1_000_000);
            wait(ms);
        }
    }

    /** Whether sources changed since the last batch: a cycle under way is out of date. */
    public synchronized boolean hasPendingChanges() {
        return !pending.isEmpty();
    }

    /** Paths changed together, whether someone asked for a cycle, and whether to compare with the last build. */
    public record Batch(Set<Path> paths, boolean rescan, boolean recheck) {
    }
}
