package dev.quiz.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDirTest {
    @TempDir
    Path home;

    private String refused(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> HostDir.parse(spec, home)).getMessage();
    }

    @Test
    void readOnlyUnlessRwIsGivenAndAtTheSamePathUnlessOneIsGiven() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        HostDir same = HostDir.parse(bin.toString(), home);
        assertEquals(new HostDir(bin, bin.toString(), false), same);
        assertEquals(new HostDir(bin, "/opt/bin", false), HostDir.parse("~/bin:/opt/bin", home));
        assertEquals(new HostDir(bin, "/opt/bin", false), HostDir.parse("~/bin:/opt/bin:ro", home));
        HostDir rw = HostDir.parse(bin + ":/results:rw", home);
        assertTrue(rw.writable());
        assertEquals(bin + ":/results:rw", rw.text());
        assertFalse(HostDir.parse(bin + ":rw", home).guest().endsWith("rw"), "HOST:rw is the same path, writable");
        assertTrue(HostDir.parse(bin + ":rw", home).writable());
    }

    @Test
    void badPathsAreRefusedWithWhatToDo() throws Exception {
        Files.createDirectories(home.resolve("data"));
        assertTrue(refused("~/missing:/data").endsWith("missing is not a directory on this host"), refused("~/missing"));
        assertTrue(refused("~/data:relative").contains("must be absolute"));
        for (String hides : new String[] {"/", "/usr", "/etc", "/lib", "/usr/local", "/usr/local/bin", "/var"}) {
            assertTrue(refused("~/data:" + hides).contains("would hide the guest's own"), hides);
        }
        assertTrue(refused("~/data:/proc/x").contains("which the guest's kernel and quiz manage"));
        assertTrue(refused("~/data:/run/quiz/out").contains("mount it elsewhere, such as /mnt/out"));
        assertTrue(refused(":/data").startsWith("give HOST[:GUEST][:ro|rw]"));
        assertEquals("/usr/src/zfs", HostDir.parse("~/data:/usr/src/zfs", home).guest(), "inside, hiding nothing");
    }
}
