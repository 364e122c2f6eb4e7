package dev.quiz.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChangeCollectorTest {
    @Test
    void aBurstIsOneBatchAfterTheQuietPeriod() throws Exception {
        ChangeCollector c = new ChangeCollector(Duration.ofMillis(200));
        Thread burst = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                c.changed(Path.of("module/zfs/f" + (i % 3) + ".c"));
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        burst.start();
        ChangeCollector.Batch batch = c.await(Duration.ofSeconds(5));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, batch.paths().size(), batch.toString());
        assertFalse(batch.rescan());
        assertTrue(took >= 200, "not before the burst went quiet: " + took + "ms");
        assertNull(c.await(Duration.ofMillis(300)), "one batch, not one per save");
    }

    @Test
    void rescanIsABatchOfItsOwnAndNoChange() throws Exception {
        ChangeCollector c = new ChangeCollector(Duration.ofMillis(300));
        c.rescan();
        assertFalse(c.hasPendingChanges(), "a rescan waits for the cycle under way rather than cancel it");
        ChangeCollector.Batch batch = c.await(Duration.ofSeconds(1));
        assertTrue(batch.rescan());
        assertFalse(batch.recheck());
        assertTrue(batch.paths().isEmpty());
        c.changed(Path.of("spa.c"));
        assertTrue(c.hasPendingChanges());
    }

    @Test
    void recheckIsABatchThatAsksForAComparison() throws Exception {
        ChangeCollector c = new ChangeCollector(Duration.ofMillis(50));
        c.recheck();
        assertFalse(c.hasPendingChanges());
        ChangeCollector.Batch batch = c.await(Duration.ofSeconds(1));
        assertTrue(batch.recheck());
        assertFalse(batch.rescan());
    }
}
