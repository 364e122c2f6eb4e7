package dev.quiz.cli;

import dev.quiz.exec.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The class data sharing archive the launcher hands to the JVM at every start: the classes a run
 * loads, already parsed and verified, which the JVM maps in rather than loading each. The
 * launcher names it after its own file and the java that runs it (-Dquiz.classes).
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
     * Runs {@code command}, quiz started through its launcher, with the JVM saving the classes it
     * loads into {@code archive} as it exits; the archive appears, whole, only if the run
     * succeeded. An archive already there is kept, and the command runs as it is.
     */
    static ChildProcess.Captured saving(Path archive, List<String> command, Duration limit)
            throws IOException, InterruptedException {
        ChildProcess.Spec spec = ChildProcess.Spec.of(command);
        if (Files.isRegularFile(archive)) {
            return ChildProcess.capture(spec, limit);
        }
        Files.createDirectories(archive.getParent());
        Path part = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid());
        ChildProcess.Captured r = ChildProcess.capture(
                spec.withEnvironment(Map.of("QUIZ_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + part)), limit);
        if (r.ok() && Files.isRegularFile(part)) {
            Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(part);
        return r;
    }
}
