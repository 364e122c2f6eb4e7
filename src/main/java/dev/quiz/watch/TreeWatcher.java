package dev.quiz.watch;

import dev.quiz.build.TreeSources;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.hashing.FileHasher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches a tree recursively with directory-watcher (one inotify watch per directory on Linux,
 * files hashed by modification time, which starts in well under a second on the OpenZFS tree).
 * What changed is handed, a few milliseconds' worth at a time, to the tree's {@link TreeSources},
 * and only changes to sources reach the collector: whatever a build writes does not. When the
 * watcher may have missed events (an inotify overflow), it asks for a recheck against the last build.
 */
public final class TreeWatcher implements AutoCloseable {
    /** How long the classifier lets events gather before it asks which are sources. */
    private static final long GATHER_MILLIS = 20;

    private final DirectoryWatcher watcher;
    private final Thread classifier;
    private final int files;
    private final int dirs;

    private TreeWatcher(DirectoryWatcher watcher, Thread classifier, int files, int dirs) {
        this.watcher = watcher;
        this.classifier = classifier;
        this.files = files;
        this.dirs = dirs;
    }

    /**
     * Starts watching. {@code onTrouble} hears of events that may have been lost, and of
     * failures to tell sources from the rest (a git that fails): in both cases a recheck follows.
     */
    public static TreeWatcher start(TreeSources sources, ChangeCollector collector, Consumer<String> onTrouble)
            throws IOException {
        Path tree = sources.tree();
        // directory-watcher walks the tree twice at start (to watch it, and to hash it): count each once.
        Set<Path> files = ConcurrentHashMap.newKeySet();
        Set<Path> dirs = ConcurrentHashMap.newKeySet();
        FileTreeVisitor visitor = (root, onDirectory, onFile) -> Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(tree) && dir.getFileName().toString().equals(".git")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dirs.add(dir);
                onDirectory.call(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                files.add(file);
                onFile.call(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A file deleted while the tree is walked: the next event or scan sees it.
                return FileVisitResult.CONTINUE;
            }
        });
        BlockingQueue<Path> events = new LinkedBlockingQueue<>();
        DirectoryChangeListener listener = new DirectoryChangeListener() {
            @Override
            public void onEvent(DirectoryChangeEvent event) {
                if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW || event.path() == null) {
                    onTrouble.accept("the watcher lost track (inotify overflow): comparing the sources with the last build");
                    collector.recheck();
                    return;
                }
                if (!event.isDirectory()) {
                    events.add(tree.relativize(event.path()));
                }
            }

            @Override
            public void onException(Exception e) {
                // A directory a build made and removed again before it could be watched.
                if (e instanceof NoSuchFileException) {
                    return;
                }
                onTrouble.accept("the watcher lost track (" + e + "): comparing the sources with the last build");
                collector.recheck();
            }
        };
        DirectoryWatcher watcher;
        try {
            watcher = DirectoryWatcher.builder().path(tree).listener(listener).fileHasher(FileHasher.LAST_MODIFIED_TIME)
                    .fileTreeVisitor(visitor).logger(org.slf4j.helpers.NOPLogger.NOP_LOGGER).build();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("inotify") || String.valueOf(e.getMessage()).contains("limit")) {
                throw new IOException("out of inotify watches for " + tree + ": raise the limit with "
                        + "sudo sysctl fs.inotify.max_user_watches=524288 (and fs.inotify.max_user_instances=512)", e);
            }
            throw e;
        }
        Thread classifier = new Thread(() -> classify(sources, events, collector, onTrouble), "quiz-watch-sources");
        classifier.setDaemon(true);
        classifier.start();
        watcher.watchAsync();
        return new TreeWatcher(watcher, classifier, files.size(), dirs.size());
    }

    private static void classify(TreeSources sources, BlockingQueue<Path> events, ChangeCollector collector,
            Consumer<String> onTrouble) {
        try {
            while (true) {
                List<Path> batch = new ArrayList<>();
                batch.add(events.take());
                Thread.sleep(GATHER_MILLIS);
                events.drainTo(batch);
                try {
                    sources.changesAmong(batch).forEach(collector::changed);
                } catch (IOException | RuntimeException e) {
                    onTrouble.accept("cannot tell which changes are sources (" + e.getMessage()
                            + "): comparing the sources with the last build");
                    collector.recheck();
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    public int files() {
        return files;
    }

    public int dirs() {
        return dirs;
    }

    @Override
    public void close() throws IOException {
        classifier.interrupt();
        watcher.close();
    }
}
