package dev.quiz.suite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the suite's tests a run takes, as zfs-tests.sh's own options choose them: runfiles
 * ({@code -r}, common and linux by default), tags ({@code -T}: a group with any of them), one test
 * ({@code -t}: its group, with that test only).
 */
public record Selection(List<String> runfiles, List<String> tags, Optional<String> test) {
    /** The runfiles zfs-tests.sh runs on Linux when none is named. */
    public static final List<String> DEFAULT_RUNFILES = List.of("common", "linux");

    public Selection {
        runfiles = List.copyOf(runfiles.isEmpty() ? DEFAULT_RUNFILES : runfiles);
        tags = List.copyOf(tags);
    }

    /** One selected group, with the runfile it comes from, whose [DEFAULT] it runs under. */
    public record Chosen(Runfile from, Runfile.Group group) {
    }

    /** The groups these runfiles hold that the selection takes, in the runfiles' order, each group once. */
    public List<Chosen> choose(List<Runfile> files) {
        List<Chosen> chosen = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Runfile file : files) {
            for (Runfile.Group group : file.groups()) {
                if (!seen.add(group.path())) {
                    continue;
                }
                if (!tags.isEmpty() && group.tags(file.defaults()).stream().noneMatch(tags::contains)) {
                    continue;
                }
                if (test.isPresent()) {
                    String t = test.get().replaceFirst("^.*?tests/functional/", "tests/functional/");
                    int slash = t.lastIndexOf('/');
                    if (slash < 0 || !group.path().equals(t.substring(0, slash))
                            || !group.tests().contains(t.substring(slash + 1))) {
                        continue;
                    }
                    group = group.withTests(List.of(t.substring(slash + 1)));
                }
                chosen.add(new Chosen(file, group));
            }
        }
        return chosen;
    }
}
