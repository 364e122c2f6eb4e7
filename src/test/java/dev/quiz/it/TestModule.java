package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiz.arch.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The project's own misbehaving module (src/test/module/quiztest), built by quiz against the quiz kernel. */
final class TestModule {
    static final Path SOURCE = Path.of("src/test/module/quiztest").toAbsolutePath();

    private TestModule() {
    }

    /**
     * Copies the module source to {@code dir} (the repo is never built in), and has quiz build
     * it for the architecture (cross-built for a foreign one) and install it into {@code work}.
     */
    static void buildInto(Path dir, Path work, Arch arch) throws Exception {
        copy(SOURCE, dir);
        Quiz.Result r = Quiz.run(Map.of("QUIZ_HOME", Quiz.preparedStore(arch).toString()), dir, 600, "build",
                "--color=never", "--arch", arch.id(), "--tree", dir.toString(), "--work", work.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
