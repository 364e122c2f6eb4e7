package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessClockTest {
    @Test
    void startTimeIsTheTwentySecondFieldAfterTheCommandName() {
        // pid (comm) state ppid ... field 22, starttime, is 1234 ticks: 12.34 s after boot.
        String stat = "4242 (java (quiz) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 20 0 1234 3000000 1000 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        assertEquals(Optional.of(Duration.ofMillis(130)), ProcessClock.since(stat, "12.47 40.10\n"));
    }

    @Test
    void thisProcessBeganBeforeNow() {
        Optional<Duration> since = ProcessClock.sinceStart();
        assertTrue(since.isPresent() && !since.get().isNegative(), String.valueOf(since));
    }
}
