package dev.quiz.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hook's cycle-wait gets the verdict of a cycle that started after it asked, never of one under way. */
class TriggerServerTest {
    @TempDir
    Path tmp;

    @Test
    void cycleWaitIsAnsweredByTheFirstCycleThatStartedAfterTheRequest() throws Exception {
        ChangeCollector collector = new ChangeCollector(Duration.ofMillis(10));
        try (TriggerServer server = TriggerServer.start(tmp.resolve("watch/t.sock"), collector)) {
            server.started(1);
            CompletableFuture<String> answer = ask(tmp.resolve("watch/t.sock"));
            ChangeCollector.Batch batch = collector.await(Duration.ofSeconds(5));
            assertTrue(batch != null && batch.rescan(), "the request asks for a cycle");
            server.ended(1, 122, "PANIC: the cycle that was under way when the hook asked");
            try {
                String early = answer.get(500, TimeUnit.MILLISECONDS);
                throw new AssertionError("answered with the cycle under way: " + early);
            } catch (TimeoutException expected) {
                // not yet: cycle 1 tested the tree as it was before the request
            }
            server.started(2);
            server.ended(2, 0, "PASS: exit status 0");
            assertEquals("verdict 0 PASS: exit status 0", answer.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCancelledCycleHandsItsWaitersOnToTheNext() throws Exception {
        ChangeCollector collector = new ChangeCollector(Duration.ofMillis(10));
        try (TriggerServer server = TriggerServer.start(tmp.resolve("watch/t.sock"), collector)) {
            CompletableFuture<String> answer = ask(tmp.resolve("watch/t.sock"));
            collector.await(Duration.ofSeconds(5));
            server.started(1);
            // cycle 1 is cancelled by newer changes: it never ends; cycle 1 runs again
            server.started(1);
            server.ended(1, 121, "OOPS: BUG");
            assertEquals("verdict 121 OOPS: BUG", answer.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void stoppingTheWatcherAnswersEveryoneWaiting() throws Exception {
        ChangeCollector collector = new ChangeCollector(Duration.ofMillis(10));
        CompletableFuture<String> answer;
        try (TriggerServer server = TriggerServer.start(tmp.resolve("watch/t.sock"), collector)) {
            answer = ask(tmp.resolve("watch/t.sock"));
            collector.await(Duration.ofSeconds(5));
        }
        assertEquals("verdict 250 quiz watch stopped before the cycle ended", answer.get(5, TimeUnit.SECONDS));
    }

    /** What a git hook does: asks, then waits for one line. */
    static CompletableFuture<String> ask(Path socket) throws Exception {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.write(ByteBuffer.wrap("cycle-wait\n".getBytes(StandardCharsets.UTF_8)));
        return CompletableFuture.supplyAsync(() -> {
            try (channel) {
                return new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                        .readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
