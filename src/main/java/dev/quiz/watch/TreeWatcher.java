package dev.quiz.watch;

import dev.quiz.build.SourceFilter;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.hashing.FileHasher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a tree recursively with directory-watcher (one inotify watch per directory on Linux),
 * skipping the directories only builds write (.git, .deps, .libs, autom4te.cache) and hashing by
 * modification time, which starts in well under a second on the OpenZFS tree. Changed source
 * files go to the collector; any watcher trouble (an inotify overflow arrives as an exception
 * with no path) asks for a rescan.
 */
public final class TreeWatcher implements AutoCloseable {
    private final DirectoryWatcher watcher;
    private final int files;
    private final int dirs;

    private TreeWatcher(DirectoryWatcher watcher, int files, int dirs) {
        this.watcher = watcher;
        this.files = files;
        this.dirs = dirs;
    }

    public static TreeWatcher start(Path tree, ChangeCollector collector, Runnable onTrouble) throws IOException {
        AtomicInteger files = new AtomicInteger();
        AtomicInteger dirs = new AtomicInteger();
        FileTreeVisitor visitor = (root, onDirectory, onFile) -> Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(tree) && SourceFilter.ignoredDir(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dirs.incrementAndGet();
                onDirectory.call(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                files.incrementAndGet();
                onFile.call(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A file deleted while the tree is walked: the next event or scan sees it.
                return FileVisitResult.CONTINUE;
            }
        });
        DirectoryChangeListener listener = new DirectoryChangeListener() {
            @Override
            public void onEvent(DirectoryChangeEvent event) {
                if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW || event.path() == null) {
                    collector.rescan();
                    return;
                }
                Path rel = tree.relativize(event.path());
                if (!event.isDirectory() && SourceFilter.isSource(tree, rel)) {
                    collector.changed(rel);
                }
            }

            @Override
            public void onException(Exception e) {
                onTrouble.run();
                collector.rescan();
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
        watcher.watchAsync();
        return new TreeWatcher(watcher, files.get(), dirs.get());
    }

    public int files() {
        return files;
    }

    public int dirs() {
        return dirs;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
