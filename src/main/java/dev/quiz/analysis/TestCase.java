package dev.quiz.analysis;

import java.util.Optional;

/** One test a test suite reported in the guest: OpenZFS's test suite, or TAP/KTAP output. */
public record TestCase(String suite, String name, Status status, Optional<String> duration) {
    public enum Status {
        PASS, FAIL, SKIP, KILLED
    }
}
