package dev.quiz.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The sources of a tree with their modification times and sizes: what a build last saw. */
public record TreeSnapshot(Map<String, String> files) {

    /** The tree's sources as they are now. */
    public static TreeSnapshot of(TreeSources sources) throws IOException, InterruptedException {
        return new TreeSnapshot(sources.scan());
    }

    /** Paths added, removed or modified since {@code before}. */
    public Set<Path> changedSince(TreeSnapshot before) {
        Set<Path> changed = new TreeSet<>();
        files.forEach((path, stamp) -> {
            if (!stamp.equals(before.files.get(path))) {
                changed.add(Path.of(path));
            }
        });
        before.files.keySet().stream().filter(p -> !files.containsKey(p)).forEach(p -> changed.add(Path.of(p)));
        return changed;
    }

    public void save(Path file) throws IOException {
        var lines = new ArrayList<String>();
        files.forEach((path, stamp) -> lines.add(stamp + "\t" + path));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<TreeSnapshot> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> files = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                files.put(line.substring(tab + 1), line.substring(0, tab));
            }
        }
        return Optional.of(new TreeSnapshot(files));
    }
}
