package dev.quiz.watch;

import dev.quiz.build.TreeBuilder;
import dev.quiz.cycle.RunRequest;
import java.nio.file.Path;

/** Everything a cycle on one branch uses: its profile, its own work dir, its builder and its run. */
public record BranchSetup(String profile, Path workDir, TreeBuilder builder, RunRequest request) {
}
