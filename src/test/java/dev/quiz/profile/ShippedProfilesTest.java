package dev.quiz.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every profile in watch-profiles/ is listed, loads, and says what it is for. */
class ShippedProfilesTest {
    @Test
    void everyShippedProfileLoads() throws Exception {
        List<String> files;
        try (var list = Files.list(Path.of("watch-profiles"))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".toml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertEquals(files, ProfileLoader.BUILT_IN_NAMES);
        ProfileLoader loader = new ProfileLoader(List.of());
        for (String name : files) {
            Profile p = loader.load(name);
            assertFalse(p.description().isBlank(), name);
        }
        Profile smoke = loader.load("zfs-smoke");
        assertTrue(smoke.get(ProfileKeys.SETUP).contains("modprobe zfs"), "zfs-smoke extends zfs");
        assertEquals(3, smoke.get(ProfileKeys.DISKS).orElseThrow().count());
        assertTrue(loader.load("ztest").get(ProfileKeys.USERLAND_USES_MODULE).orElse(false));
    }
}
