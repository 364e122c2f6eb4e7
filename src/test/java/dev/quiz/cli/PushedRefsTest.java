package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushedRefsTest {
    static final String HEAD = "a".repeat(40);
    static final String OTHER = "b".repeat(40);
    static final String ZERO = "0".repeat(40);

    @Test
    void pushingTheCheckedOutBranchIsTested() {
        PushedRefs p = PushedRefs.of("refs/heads/main " + HEAD + " refs/heads/main " + OTHER + "\n", HEAD);
        assertTrue(p.includesHead());
        assertEquals(List.of(), p.untested());
    }

    @Test
    void otherRefsAreNamedAsUntested() {
        PushedRefs p = PushedRefs.of("refs/heads/main " + HEAD + " refs/heads/main " + ZERO + "\n"
                + "refs/heads/topic " + OTHER + " refs/heads/topic " + ZERO + "\n", HEAD);
        assertTrue(p.includesHead());
        assertEquals(List.of("refs/heads/topic"), p.untested());
        PushedRefs elsewhere = PushedRefs.of("refs/heads/topic " + OTHER + " refs/heads/topic " + ZERO, HEAD);
        assertFalse(elsewhere.includesHead());
        assertEquals(List.of("refs/heads/topic"), elsewhere.untested());
    }

    @Test
    void deletionsAndBlankInputTestNothing() {
        PushedRefs p = PushedRefs.of("(delete) " + ZERO + " refs/heads/old " + OTHER + "\n\n", HEAD);
        assertFalse(p.includesHead());
        assertEquals(List.of(), p.untested());
        assertFalse(PushedRefs.of("", HEAD).includesHead());
    }
}
