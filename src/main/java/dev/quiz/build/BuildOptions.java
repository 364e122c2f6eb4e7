package dev.quiz.build;

import java.util.List;

/**
 * How to build a tree: parallel jobs, OpenZFS's debug options and extra configure arguments, a
 * command to wrap every build step in (QUIZ_BUILD_PREFIX, such as "nice -n 10" or a schroot), and
 * whether the test runs userland built from module sources (ztest, zdb), which makes module
 * changes rebuild userland too.
 */
public record BuildOptions(int jobs, boolean debug, List<String> configureArgs, List<String> prefix,
        boolean userlandUsesModule, boolean cleanWork) {

    public BuildOptions {
        configureArgs = List.copyOf(configureArgs);
        prefix = List.copyOf(prefix);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
    }
}
