package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a running quiz watch prints, read as it comes, for tests to wait on line by line. */
final class WatchOutput {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    WatchOutput(Process watch) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("watch| " + line);
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the watcher ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** The next output line matching, skipping others; fails after the timeout. */
    String expect(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        fail("no such line from quiz watch within " + timeout + "; it printed:\n" + String.join("\n", all()));
        return null;
    }

    /** Cycle verdict lines seen in the next {@code window}. */
    List<String> cyclesWithin(Duration window) throws InterruptedException {
        List<String> cycles = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && verdictLine(line)) {
                cycles.add(line);
            }
        }
        return cycles;
    }

    /** Every line so far. */
    List<String> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** A cycle's verdict line: it starts with the clock and the cycle's number. */
    static boolean verdictLine(String line) {
        return line.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #\\d+ .*");
    }
}
