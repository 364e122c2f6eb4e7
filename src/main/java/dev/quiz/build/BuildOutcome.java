package dev.quiz.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What a build did: the plan it followed for which changes, how long it took, and for a failure
 * the first compiler error. {@code installSaved} is how much a modules-only install saved against
 * the last full install, when that is known.
 */
public record BuildOutcome(boolean ok, BuildPlan plan, Set<Path> changed, Duration took,
        Optional<String> error, Optional<Duration> installSaved, Path log) {

    public BuildOutcome {
        changed = Set.copyOf(changed);
    }
}
