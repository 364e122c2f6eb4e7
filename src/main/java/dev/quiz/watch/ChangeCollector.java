package dev.quiz.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Collects changed paths and hands them out as one batch once the tree has been quiet for the
 * quiet period: an editor's atomic save, a checkout or a formatter over a hundred files gives
 * one batch. A rescan request (after a watcher overflow, or the user asking) makes a batch too.
 */
public final class ChangeCollector {
    private final long quietNanos;
    private final Set<Path> pending = new LinkedHashSet<>();
    private boolean rescan;
    private long lastChange;

    public ChangeCollector(Duration quiet) {
        this.quietNanos = quiet.toNanos();
    }

    public synchronized void changed(Path relative) {
        pending.add(relative);
        lastChange = System.nanoTime();
        notifyAll();
    }

    /** Something may have changed that was not seen (an inotify overflow, a key press): build from a scan. */
    public synchronized void rescan() {
        rescan = true;
        lastChange = System.nanoTime() - quietNanos;
        notifyAll();
    }

    /** A batch, or null if none came within {@code wait}. */
    public synchronized Batch await(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long now = System.nanoTime();
            if ((!pending.isEmpty() || rescan) && now - lastChange >= quietNanos) {
                Batch batch = new Batch(Set.copyOf(pending), rescan);
                pending.clear();
                rescan = false;
                return batch;
            }
            long until = pending.isEmpty() && !rescan ? deadline : Math.min(deadline, lastChange + quietNanos);
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

    /** Whether changes are waiting: a cycle under way is out of date. */
    public synchronized boolean hasPending() {
        return !pending.isEmpty() || rescan;
    }

    /** Paths changed together, or a request to rescan the whole tree. */
    public record Batch(Set<Path> paths, boolean rescan) {
    }
}
