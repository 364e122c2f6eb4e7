package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The project's own misbehaving module (src/test/module/quiztest), built against the quiz kernel. */
final class TestModule {
    static final Path SOURCE = Path.of("src/test/module/quiztest").toAbsolutePath();

    private TestModule() {
    }

    /** The kbuild tree of the kernel the tests boot. */
    static Path kbuild() throws Exception {
        Quiz.preparedStore();
        return Quiz.sharedCache().resolve("kernels/default/build").toRealPath();
    }

    /** Copies the module source to {@code dir} (the repo is never built in), builds and installs it into {@code work}. */
    static void buildInto(Path dir, Path work) throws Exception {
        copy(SOURCE, dir);
        make(dir, "modules");
        make(dir, "modules_install", "INSTALL_MOD_PATH=" + work.resolve("usr"), "DEPMOD=true");
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void make(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("make", "-C", kbuild().toString(), "M=" + dir));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "make " + String.join(" ", args) + " failed:\n" + out);
    }
}
