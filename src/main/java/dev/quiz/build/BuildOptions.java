package dev.quiz.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How to build a tree: parallel jobs, OpenZFS's debug options and extra configure arguments,
 * make targets to build in the tree after every build (such as cstyle), a command to wrap every
 * build step in (QUIZ_BUILD_PREFIX, such as "nice -n 10" or a schroot), and whether the test
 * runs userland built from module sources (ztest, zdb), which makes module changes rebuild
 * userland too.
 */
public record BuildOptions(int jobs, boolean debug, List<String> configureArgs, List<String> extraTargets,
        List<String> prefix, boolean userlandUsesModule, boolean cleanWork) {

    public BuildOptions {
        configureArgs = List.copyOf(configureArgs);
        extraTargets = List.copyOf(extraTargets);
        prefix = List.copyOf(prefix);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
    }

    /** Builds the extra targets in the tree, if there are any. */
    void makeExtraTargets(BuildSteps steps) throws BuildException, IOException, InterruptedException {
        if (!extraTargets.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("make", "-j" + jobs));
            command.addAll(extraTargets);
            steps.run("make " + String.join(" ", extraTargets), command);
        }
    }
}
