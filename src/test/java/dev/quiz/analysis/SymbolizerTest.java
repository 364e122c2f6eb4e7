package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolizerTest {
    @TempDir
    Path tmp;

    @Test
    void moduleFramesNameFilesRelativeToTheirTree() throws Exception {
        Path zfs = Files.createDirectories(tmp.resolve("src/zfs-2.3.2"));
        Files.writeString(zfs.resolve("META"), "Name: zfs\n");
        Files.createDirectories(zfs.resolve("module/zfs"));
        Path kmod = Files.createDirectories(tmp.resolve("work/quiztest"));
        Files.createDirectories(kmod.resolve(".git"));
        String frame = " spa_create (" + zfs + "/module/zfs/spa.c:6422) [zfs]";
        assertEquals(" spa_create (module/zfs/spa.c:6422) [zfs]", Symbolizer.treeRelative(frame));
        assertEquals(" quiztest_write (quiztest.c:57 " + "quiztest.c:80) [quiztest]", Symbolizer.treeRelative(
                " quiztest_write (" + kmod + "/quiztest.c:57 " + kmod + "/quiztest.c:80) [quiztest]"));
    }

    @Test
    void kernelFramesAndPathsOutsideAnyTreeStayAsTheyAre() {
        String kernel = " panic (kernel/panic.c:250 kernel/panic.c:360)";
        assertEquals(kernel, Symbolizer.treeRelative(kernel));
        String loose = " f (" + tmp + "/nowhere/x.c:1)";
        assertEquals(loose, Symbolizer.treeRelative(loose));
    }
}
