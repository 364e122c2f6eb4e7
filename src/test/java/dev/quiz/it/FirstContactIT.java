package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job as a newcomer meets it: from an empty directory, with a kernel and root
 * prepared and the store's OpenZFS release tree pristine (never configured), {@code quiz watch}
 * configures, builds, installs and boots the zfs-smoke test, and no cycle is cancelled by what
 * quiz's own build writes. Then builds of that real tree are cancelled at random moments, and a
 * plain make must still succeed in it.
 *
 * <p>The store lives at a fixed place in the test cache, so ccache (keyed by the tree's path)
 * makes later runs fast; the tree itself is unpacked afresh every run.
 */
@Tag("vm")
@Tag("zfs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstContactIT {
    @TempDir
    static Path empty;

    static Path home() {
        return Quiz.sharedCache().resolve("first-contact");
    }

    static Path storeTree() throws IOException {
        try (Stream<Path> list = Files.list(home().resolve("openzfs"))) {
            return list.filter(p -> Files.isRegularFile(p.resolve("META"))).findFirst().orElseThrow();
        }
    }

    static Map<String, String> env() {
        return Map.of("QUIZ_HOME", home().toString());
    }

    /**
     * A fresh store with the prepared kernels and roots, and the OpenZFS tarball downloaded once
     * into the shared cache.
     */
    static void freshStore() throws Exception {
        Path shared = Quiz.preparedStore();
        Quiz.Result download = Quiz.run(Map.of("QUIZ_HOME", Quiz.sharedCache().toString()), Path.of("."), 600,
                "prepare", "openzfs", "--color=never");
        assertEquals(0, download.exitCode(), download.output());
        Path home = home();
        if (Files.exists(home)) {
            try (Stream<Path> walk = Files.walk(home)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("kernels"), shared.resolve("kernels").toRealPath());
        Files.createSymbolicLink(home.resolve("roots"), shared.resolve("roots").toRealPath());
        Files.createSymbolicLink(home.resolve("downloads"), Quiz.sharedCache().resolve("downloads").toRealPath());
    }

    @Test
    @Order(1)
    void watchFromAnEmptyDirectoryBuildsThePristineStoreTreeAndPasses() throws Exception {
        freshStore();
        Quiz.Result r = Quiz.run(env(), empty, 60 * 60, "watch", "--color=never", "--cycles", "1");
        String out = r.output();
        assertTrue(out.contains("no tree here: watching the OpenZFS release source in the store"), out);
        assertTrue(out.contains("quiz: watching " + storeTree() + " "), "the tree watched is the store's: " + out);
        assertFalse(out.contains("cancelled"), "quiz's own build cancelled no cycle: " + out);
        List<String> verdicts = out.lines().filter(l -> l.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #.*")).toList();
        assertEquals(1, verdicts.size(), out);
        assertTrue(verdicts.get(0).contains("#1   (rescan)") && verdicts.get(0).endsWith("PASS"), out);
        assertEquals(0, r.exitCode(), out);
        assertTrue(Files.isRegularFile(storeTree().resolve("config.status")), "it was configured by quiz");
        assertTrue(Files.isRegularFile(storeTree().resolve("module/zfs.ko")), "and built in place");
    }

    /**
     * Builds killed at random moments (a seed is printed to repeat a run): half by Ctrl-C's
     * SIGTERM to quiz build, half by quiz watch restarting on a new edit. The user's tree must
     * stay buildable by plain make, and quiz must be able to build it again.
     */
    @Test
    @Order(2)
    void buildsCancelledAtRandomMomentsLeaveATreePlainMakeBuilds() throws Exception {
        Path tree = storeTree();
        long seed = System.nanoTime();
        System.out.println("FirstContactIT: random cancel seed " + seed);
        Random random = new Random(seed);
        List<Path> touched = List.of(tree.resolve("module/zfs/vdev_raidz.c"), tree.resolve("module/zfs/spa.c"),
                tree.resolve("module/zfs/dbuf.c"), tree.resolve("module/os/linux/zfs/zfs_vnops_os.c"),
                tree.resolve("lib/libzfs/libzfs_pool.c"), tree.resolve("cmd/zpool/zpool_main.c"));
        for (int i = 0; i < 5; i++) {
            touch(touched);
            Process build = Quiz.start(env(), empty, "build", "--color=never", "--tree", tree.toString());
            Thread.sleep(1000 + random.nextInt(15000));
            List<ProcessHandle> children = build.toHandle().descendants().toList();
            build.destroy();
            assertTrue(build.waitFor(30, TimeUnit.SECONDS), "quiz build ends on SIGTERM");
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        Process watch = Quiz.start(env(), empty, "watch", "--color=never", "--tree", tree.toString(), "--no-overlap");
        try {
            for (int i = 0; i < 6; i++) {
                Path file = touched.get(random.nextInt(touched.size()));
                Files.writeString(file, Files.readString(file) + "/* quiz cancel test " + i + " */\n");
                Thread.sleep(2000 + random.nextInt(12000));
            }
        } finally {
            watch.destroy();
            assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "quiz watch ends on SIGTERM");
            for (Path file : touched) {
                String text = Files.readString(file);
                Files.writeString(file, text.replaceAll("/\\* quiz cancel test \\d+ \\*/\n", ""));
            }
        }
        Process make = new ProcessBuilder("make", "-j" + Runtime.getRuntime().availableProcessors()).directory(tree.toFile())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(make.getInputStream()))) {
            in.lines().forEach(lines::add);
        }
        assertEquals(0, make.waitFor(), "plain make in the tree after the cancels:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        Quiz.Result again = Quiz.run(env(), empty, 60 * 60, "build", "--color=never", "--tree", tree.toString());
        assertEquals(0, again.exitCode(), again.output());
    }

    private static void touch(List<Path> files) throws IOException {
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        for (Path f : files) {
            Files.setLastModifiedTime(f, now);
        }
    }
}
