package dev.quiz.profile;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which changed files start a watch cycle: globs relative to the tree, such as {@code module/**}
 * or {@code **.c} ({@code *} stays within a directory, {@code **} crosses them). With no include,
 * every source counts; an exclude wins over an include.
 */
public record WatchPaths(List<String> include, List<String> exclude) {
    public static final WatchPaths ALL = new WatchPaths(List.of(), List.of());

    public WatchPaths {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        include.forEach(WatchPaths::matcher);
        exclude.forEach(WatchPaths::matcher);
    }

    /** The matcher for one glob; throws IllegalArgumentException for a glob that is not one. */
    static PathMatcher matcher(String glob) {
        if (glob.isBlank() || glob.startsWith("/")) {
            throw new IllegalArgumentException("'" + glob + "' must be a glob relative to the tree, such as module/**");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + glob + "' is not a valid glob: " + e.getDescription());
        }
    }

    /** Whether a change to this file (relative to the tree) should start a cycle. */
    public boolean wants(Path relative) {
        boolean included = include.isEmpty() || include.stream().anyMatch(g -> matcher(g).matches(relative));
        return included && exclude.stream().noneMatch(g -> matcher(g).matches(relative));
    }
}
