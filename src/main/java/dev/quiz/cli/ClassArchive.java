package dev.quiz.cli;

import dev.quiz.exec.ChildProcess;
import dev.quiz.store.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The class data sharing archive the launcher hands to the JVM at every start: the classes a run
 * loads, already parsed and verified, which the JVM maps in rather than loading each. The
 * launcher names it after its own file and the java that runs it (-Dquiz.classes).
 *
 * <p>It is a static archive, made in two steps (the classes a run loads are listed, then
 * archived), not the one-step dynamic kind: Java 17 leaves picocli out of a dynamic archive,
 * because picocli is compiled for Java 5, and reading its classes from the jar cost every start
 * about 40 ms.
 */
final class ClassArchive {
    private ClassArchive() {
    }

    /** The archive the launcher named, when quiz was started through it (and its name fits an option). */
    static Optional<Path> named() {
        String name = System.getProperty("quiz.classes");
        return name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)
                ? Optional.empty() : Optional.of(Path.of(name));
    }

    /**
     * Runs {@code launcher} with {@code args}, then with each of {@code alsoLoading} (commands that
     * only add the classes they load, such as reading a profile), every JVM listing the classes it
     * loads; then archives them all into {@code archive}, which appears, whole, only if every step
     * succeeded. An archive already there is kept, and only the command runs. Returns its outcome.
     */
    static ChildProcess.Captured saving(Path archive, Path launcher, List<String> args, List<List<String>> alsoLoading,
            Duration limit) throws IOException, InterruptedException {
        if (Files.isRegularFile(archive)) {
            return ChildProcess.capture(ChildProcess.Spec.of(command(launcher, args)), limit);
        }
        Files.createDirectories(archive.getParent());
        String part = archive.getFileName() + "." + ProcessHandle.current().pid();
        Path list = archive.resolveSibling(part + ".classes");
        Path dumped = archive.resolveSibling(part);
        try {
            List<String> lists = new ArrayList<>();
            ChildProcess.Captured r = listing(launcher, args, list, limit);
            boolean listed = r.ok() && Files.isRegularFile(list);
            if (listed) {
                lists.add(Files.readString(list));
            }
            for (List<String> more : alsoLoading) {
                listed = listed && listing(launcher, more, list, limit).ok() && Files.isRegularFile(list);
                if (listed) {
                    lists.add(Files.readString(list));
                }
            }
            if (listed) {
                Files.writeString(list, archivable(lists));
                // The JVM that runs quiz now is the one the launcher found, which will map the archive in.
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ChildProcess.Captured dump = ChildProcess.capture(ChildProcess.Spec.of(java, "-Xshare:dump",
                        "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + dumped, "-Xlog:cds=off",
                        "-cp", launcher.toString()), limit);
                if (dump.ok() && Files.isRegularFile(dumped)) {
                    Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    keepNewest(archive.getParent(), KEPT);
                }
            }
            return r;
        } finally {
            Files.deleteIfExists(list);
            Files.deleteIfExists(dumped);
        }
    }

    /**
     * Archives kept: each is some 20 MB, and each rebuilt or reinstalled quiz, or other JDK, makes
     * its own. A few, for the copies of quiz a user runs side by side.
     */
    static final int KEPT = 3;

    /** Deletes all the class archives in {@code dir} but the {@code kept} newest. */
    static void keepNewest(Path dir, int kept) throws IOException {
        FileTrees.keepNewest(dir, p -> p.getFileName().toString().matches("classes-.*\\.jsa"), kept);
    }

    private static ChildProcess.Captured listing(Path launcher, List<String> args, Path list, Duration limit)
            throws IOException, InterruptedException {
        Files.deleteIfExists(list);
        return ChildProcess.capture(ChildProcess.Spec.of(command(launcher, args))
                .withEnvironment(Map.of("QUIZ_JAVA_OPTS", "-XX:DumpLoadedClassList=" + list)), limit);
    }

    private static List<String> command(Path launcher, List<String> args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        return command;
    }

    /**
     * One class list made of several: each class and directive once, in the order first listed,
     * without comments, and without the lambdas that implement picocli's interfaces. Java 17
     * archives picocli's classes (Java 5 ones) only unlinked; such a lambda would link them, and
     * the archive would then leave out picocli altogether.
     */
    static String archivable(List<String> classLists) {
        return classLists.stream().flatMap(String::lines)
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .filter(line -> !(line.startsWith("@lambda-proxy") && line.contains("picocli/")))
                .distinct()
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
