package dev.quiz.cycle;

import dev.quiz.store.FileTrees;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Numbered run directories (runs/0001, runs/0002, ...), safe against several quiz processes at once. */
public final class RunDirs {
    private RunDirs() {
    }

    public record Allocated(int id, Path dir) {
    }

    public static Allocated allocate(Path runs) throws IOException {
        Files.createDirectories(runs);
        int next = highest(runs) + 1;
        while (true) {
            Path dir = runs.resolve(String.format("%04d", next));
            try {
                Files.createDirectory(dir);
                return new Allocated(next, dir);
            } catch (FileAlreadyExistsException e) {
                next++;
            }
        }
    }

    /** Keeps the newest {@code keep} run directories and deletes the rest. */
    public static void prune(Path runs, int keep) throws IOException {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(runs)) {
            dirs = list.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparing((Path p) -> Integer.parseInt(p.getFileName().toString())))
                    .toList();
        }
        for (Path old : dirs.subList(0, Math.max(0, dirs.size() - keep))) {
            FileTrees.delete(old);
        }
    }

    /**
     * Deletes the vmcores of all runs but the newest {@code keep} that have one, with the module
     * objects kept beside each in {@code modules}: each is as large as a guest's memory.
     */
    public static void pruneVmcores(Path runs, int keep, String modules) throws IOException {
        List<Path> cores;
        try (Stream<Path> list = Files.list(runs)) {
            cores = list.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> p.resolve("vmcore"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> Integer.parseInt(p.getParent().getFileName().toString())))
                    .toList();
        }
        for (Path old : cores.subList(0, Math.max(0, cores.size() - keep))) {
            Files.deleteIfExists(old);
            FileTrees.delete(old.resolveSibling(modules));
        }
    }

    public static int highest(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(runs)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToInt(Integer::parseInt).max().orElse(0);
        }
    }
}
