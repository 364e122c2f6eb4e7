package dev.quiz.cli;

import dev.quiz.exec.Git;
import dev.quiz.profile.BranchProfiles;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileException;
import dev.quiz.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.Optional;

/** Loads the profile a command names, with the usual search path, as a one-line error when it cannot. */
final class Profiles {
    private Profiles() {
    }

    static ProfileLoader loader(Path tree) {
        return ProfileLoader.forTree(tree, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The profile for a branch: the branch's git config quizProfile, else the tree's
     * .quiz/branches.toml, else the default for the tree's kind.
     */
    static String forBranch(Path tree, Optional<String> branch, String defaultProfile) {
        if (branch.isEmpty()) {
            return defaultProfile;
        }
        Optional<String> configured = Git.at(tree)
                .flatMap(g -> g.config("branch." + branch.get() + ".quizProfile"));
        if (configured.isPresent()) {
            return configured.get();
        }
        try {
            return BranchProfiles.fromTree(tree, branch.get()).orElse(defaultProfile);
        } catch (ProfileException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Profile load(String name, Path tree) {
        if (name == null) {
            return Profile.none();
        }
        try {
            return loader(tree).load(name);
        } catch (ProfileException e) {
            throw new UserError(e.getMessage());
        }
    }
}
