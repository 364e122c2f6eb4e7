package dev.quiz.exec;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every child quiz has running, so that Ctrl-C or SIGTERM leaves none behind. */
final class LiveChildren {
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveChildren::killAll, "quiz-kill-children"));
    }

    private LiveChildren() {
    }

    static void add(ChildProcess child) {
        LIVE.add(child);
    }

    static void remove(ChildProcess child) {
        LIVE.remove(child);
    }

    private static void killAll() {
        List<ChildProcess> snapshot = List.copyOf(LIVE);
        snapshot.parallelStream().forEach(c -> ProcessHandle.of(c.pid())
                .ifPresent(handle -> ChildProcess.killTree(handle, Duration.ofMillis(500))));
    }
}
