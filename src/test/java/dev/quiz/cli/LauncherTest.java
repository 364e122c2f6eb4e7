package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.exec.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher (src/main/sh/launcher.sh) with a jar of quiz's classes after it, as
 * target/quiz is made: the class archive it names, saved the way quiz setup saves it, and used by
 * that launcher file only.
 */
class LauncherTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Pattern NAMED = Pattern.compile("quiz\\.classes = (\\S+)");

    @TempDir
    Path tmp;

    @Test
    void theArchiveSetupSavesIsUsedByThatLauncherFileAndNoOther() throws Exception {
        Path home = tmp.resolve("home");
        Path launcher = launcher(tmp.resolve("bin/quiz"));

        ChildProcess.Captured settings = run(launcher, home, "-XshowSettings:properties", "--version");
        assertTrue(settings.ok(), settings.stderr());
        Matcher m = NAMED.matcher(settings.stderr());
        assertTrue(m.find(), settings.stderr());
        Path archive = Path.of(m.group(1));
        assertTrue(archive.startsWith(home.resolve("cache")) && archive.getFileName().toString().endsWith(".jsa"),
                archive.toString());
        assertFalse(Files.exists(archive), "no archive before setup saves one");

        ChildProcess.Captured saved = ClassArchive.saving(archive, launcher, List.of("--version"),
                List.of(List.of("profiles", "show", "zfs")), LIMIT);
        assertTrue(saved.ok(), saved.stderr());
        assertTrue(Files.isRegularFile(archive), "saved whole, under the name the launcher gives");
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), left.toList(), "nothing half-written is left beside it");
        }

        ChildProcess.Captured used = run(launcher, home, "-Xlog:class+load", "--version");
        assertTrue(used.ok(), used.stderr());
        assertTrue(used.stdout().contains("dev.quiz.cli.Main source: shared objects file"), used.stdout());
        // picocli too, compiled for Java 5, which a dynamic archive leaves out.
        assertTrue(used.stdout().contains("picocli.CommandLine source: shared objects file"), used.stdout());
        // What the second command alone loaded is there too.
        ChildProcess.Captured profile = run(launcher, home, "-Xlog:class+load", "profiles", "show", "zfs");
        assertTrue(profile.stdout().contains("dev.quiz.profile.ProfileLoader source: shared objects file"),
                profile.stdout());

        // A copy of the launcher is another file: it finds no archive, and says nothing about it.
        Path copy = Files.copy(launcher, tmp.resolve("bin/quiz-copy"), StandardCopyOption.COPY_ATTRIBUTES);
        ChildProcess.Captured plain = run(copy, home, "", "--version");
        assertEquals("quiz (development build)", plain.stdout().strip());
        assertEquals("", plain.stderr());
        ChildProcess.Captured loaded = run(copy, home, "-Xlog:class+load", "--version");
        assertFalse(loaded.stdout().contains("dev.quiz.cli.Main source: shared objects file"), loaded.stdout());
    }

    @Test
    void onlyTheNewestArchivesAreKept() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        List<Path> archives = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path a = Files.writeString(cache.resolve("classes-" + i + ".jsa"), "x");
            Files.setLastModifiedTime(a, FileTime.fromMillis(1_000_000L * (10 - i)));
            archives.add(a);
        }
        Path other = Files.writeString(cache.resolve("base-0.cpio"), "x");
        Files.setLastModifiedTime(other, FileTime.fromMillis(0));
        ClassArchive.keepNewest(cache, 3);
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(archives.get(0), archives.get(1), archives.get(2), other).stream().sorted().toList(),
                    left.sorted().toList(), "the three newest archives, and nothing else touched");
        }
    }

    @Test
    void classListsMergeIntoOneWithoutLambdasOfPicocliInterfaces() {
        String run = String.join("\n",
                "# NOTE: Do not modify this file.",
                "java/lang/Object",
                "picocli/CommandLine",
                "@lambda-proxy dev/quiz/cli/Main handleParseException ()Lpicocli/CommandLine$IParameterExceptionHandler;"
                        + " (Lpicocli/CommandLine$ParameterException;[Ljava/lang/String;)I REF_invokeStatic",
                "@lambda-proxy dev/quiz/model/EventSink emit ()Ldev/quiz/model/EventSink; REF_invokeStatic",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L");
        String profile = String.join("\n", "# NOTE: Do not modify this file.", "java/lang/Object",
                "dev/quiz/profile/ProfileLoader", "picocli/CommandLine");
        assertEquals(String.join("\n", "java/lang/Object", "picocli/CommandLine",
                "@lambda-proxy dev/quiz/model/EventSink emit ()Ldev/quiz/model/EventSink; REF_invokeStatic",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L",
                "dev/quiz/profile/ProfileLoader") + "\n",
                ClassArchive.archivable(List.of(run, profile)));
    }

    private static ChildProcess.Captured run(Path launcher, Path home, String javaOptions, String... args)
            throws InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of("QUIZ_HOME", home.toString()));
        env.put("QUIZ_JAVA_OPTS", javaOptions);
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return ChildProcess.capture(ChildProcess.Spec.of(command).withEnvironment(env), LIMIT);
    }

    /** The launcher script followed by a jar of quiz's classes, its libraries named in the manifest. */
    private static Path launcher(Path file) throws IOException {
        List<Path> classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        Path classes = classpath.stream().filter(p -> p.endsWith(Path.of("target", "classes"))).findFirst().orElseThrow();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.quiz.cli.Main");
        // Relative to the launcher, as the JVM's class data sharing follows such paths only.
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classpath.stream()
                .filter(p -> p.toString().endsWith(".jar"))
                .map(p -> file.toAbsolutePath().getParent().relativize(p.toAbsolutePath()).toString())
                .collect(Collectors.joining(" ")));
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest); Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(Files.readAllBytes(Path.of("src/main/sh/launcher.sh")));
        whole.write(jar.toByteArray());
        Files.write(file, whole.toByteArray());
        assertTrue(file.toFile().setExecutable(true));
        return file;
    }
}
