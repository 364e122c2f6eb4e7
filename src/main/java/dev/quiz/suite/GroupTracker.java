package dev.quiz.suite;

import dev.quiz.analysis.ConsoleLine;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.TestOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows one VM's console through the test groups zfs-tests.sh runs: the "ZTS run PATH" lines
 * its -K option writes to the kernel log say which test starts, its "Test: ... [PASS]" lines how
 * each ended. A group is finished when a test of another group starts, or the VM ends; what was
 * running when a VM crashed is named by the last of those lines.
 */
final class GroupTracker {
    private static final Pattern MARKER = Pattern.compile("^ZTS run \\S*?/tests/(\\S+)$");

    /**
     * One group as the console told it: its tests' results, when it started and ended on the
     * host's clock, and the test that had started without a result when its VM ended, if one had.
     */
    record Seen(String group, List<TestCase> tests, Instant start, Instant end, Optional<String> cutShort) {
        Seen {
            tests = List.copyOf(tests);
        }
    }

    private final Consumer<Seen> finished;
    private final Map<String, List<TestCase>> results = new LinkedHashMap<>();
    private final Map<String, Instant> starts = new LinkedHashMap<>();
    private final Map<String, Instant> ends = new LinkedHashMap<>();
    private final TestOutput output = new TestOutput();
    private Optional<String> current = Optional.empty();
    private Optional<String> started = Optional.empty();
    private int seenTests;

    GroupTracker(Consumer<Seen> finished) {
        this.finished = finished;
    }

    /** The group (tests/functional/acl/off) of a test (functional/acl/off/posixmode). */
    static String groupOf(String test) {
        int slash = test.lastIndexOf('/');
        return "tests/" + (slash < 0 ? test : test.substring(0, slash));
    }

    synchronized void accept(String raw, Instant now) {
        Matcher marker = MARKER.matcher(ConsoleLine.of(raw).text().strip());
        if (marker.matches()) {
            enter(groupOf(marker.group(1)), now);
            started = Optional.of(marker.group(1));
            return;
        }
        output.accept(raw);
        List<TestCase> all = output.tests();
        for (TestCase t : all.subList(seenTests, all.size())) {
            String group = groupOf(t.name());
            enter(group, now);
            results.computeIfAbsent(group, g -> new ArrayList<>()).add(t);
            ends.put(group, now);
            started = Optional.empty();
        }
        seenTests = all.size();
    }

    private void enter(String group, Instant now) {
        if (current.isPresent() && !current.get().equals(group)) {
            finish(current.get());
        }
        if (current.isEmpty() || !current.get().equals(group)) {
            current = Optional.of(group);
            starts.putIfAbsent(group, now);
        }
    }

    private void finish(String group) {
        finished.accept(new Seen(group, results.getOrDefault(group, List.of()), starts.get(group),
                ends.getOrDefault(group, starts.get(group)), Optional.empty()));
        current = Optional.empty();
    }

    /**
     * The VM has ended. Returns the group that was running, if one was: when the VM ended well it
     * is finished like the others; when it crashed, the caller judges it.
     */
    synchronized Optional<Seen> end(boolean crashed, Instant now) {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String group = current.get();
        Seen seen = new Seen(group, results.getOrDefault(group, List.of()), starts.get(group), now, started);
        if (!crashed) {
            finish(group);
        }
        current = Optional.empty();
        return Optional.of(seen);
    }
}
