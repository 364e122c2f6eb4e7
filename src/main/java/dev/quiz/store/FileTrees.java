package dev.quiz.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Whole directory trees, removed: a half-unpacked source, an old run, a work dir emptied, an old cache entry. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Keeps the {@code kept} most recently modified entries of {@code dir} that are {@code which},
     * and deletes the rest of those, whole.
     */
    public static void keepNewest(Path dir, Predicate<Path> which, int kept) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(which).sorted(Comparator.comparing(FileTrees::modified).reversed()).toList();
        }
        for (Path old : entries.subList(Math.min(kept, entries.size()), entries.size())) {
            delete(old);
        }
    }

    /** When {@code path} was last modified; the epoch if it is gone. */
    public static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Deletes {@code path} and everything under it; a symbolic link is removed, never followed. */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
