package dev.quiz.model;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sharded run of OpenZFS's test suite, whole or as far as it got: every test group with the
 * shard that ran it, when, and how it ended, over {@code shards} shards; {@code expected}, the
 * tests whose result other than PASS zfs-tests.sh says is expected (a known issue).
 */
public record SuiteResult(int shards, Instant start, Instant end, List<Group> groups, List<String> expected) {
    public SuiteResult {
        groups = List.copyOf(groups.stream().sorted(Comparator.comparing(Group::shard).thenComparing(Group::start)).toList());
        expected = List.copyOf(expected);
    }

    /**
     * One test group: its shard, when it ran on the host's clock, its tests' results, and its
     * verdict: PASS or FAIL from its tests, or the crash (PANIC, OOPS, ASSERT, HANG, TIMEOUT) that
     * ended its VM, with the kernel's report; {@code console}: the log of the VM it ran in;
     * {@code logs}: where its tests' own logs were kept.
     */
    public record Group(String path, int shard, Instant start, Instant end, Verdict verdict, String reason,
            Optional<KernelReport> report, List<TestCase> tests, Optional<Path> console, Optional<Path> logs) {
        public Group {
            tests = List.copyOf(tests);
        }

        public Duration took() {
            return Duration.between(start, end);
        }
    }

    /** Each group's time in seconds: what the next run's shards are balanced by. */
    public Map<String, Double> groupSeconds() {
        Map<String, Double> seconds = new TreeMap<>();
        groups.forEach(g -> seconds.put(g.path(), g.took().toMillis() / 1000.0));
        return seconds;
    }

    public Duration wall() {
        return Duration.between(start, end);
    }

    /** The time each shard took, added up: what one VM would have needed, less the boots. */
    public Duration shardTimeSum() {
        Duration sum = Duration.ZERO;
        for (int s = 1; s <= shards; s++) {
            int shard = s;
            List<Group> its = groups.stream().filter(g -> g.shard() == shard).toList();
            if (!its.isEmpty()) {
                Instant first = its.stream().map(Group::start).min(Instant::compareTo).orElseThrow();
                Instant last = its.stream().map(Group::end).max(Instant::compareTo).orElseThrow();
                sum = sum.plus(Duration.between(first, last));
            }
        }
        return sum;
    }

    public List<TestCase> tests() {
        return groups.stream().flatMap(g -> g.tests().stream()).toList();
    }
}
