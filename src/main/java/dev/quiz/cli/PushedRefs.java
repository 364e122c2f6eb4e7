package dev.quiz.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a push sends, as git gives it to the pre-push hook ("local-ref local-sha remote-ref
 * remote-sha" per line), judged against the checked-out HEAD: quiz can only test the tree as it
 * is checked out, so it tests a push that includes HEAD and says which other refs it did not test.
 */
record PushedRefs(boolean includesHead, List<String> untested) {
    static PushedRefs of(String lines, String headSha) {
        boolean head = false;
        List<String> untested = new ArrayList<>();
        for (String line : lines.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || f[1].matches("0+")) {
                continue; // blank, or a deletion: nothing to test
            }
            if (f[1].equals(headSha)) {
                head = true;
            } else {
                untested.add(f[0]);
            }
        }
        return new PushedRefs(head, List.copyOf(untested));
    }
}
