package dev.quiz.cli;

import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileException;
import dev.quiz.profile.ProfileLoader;
import java.nio.file.Path;

/** Loads the profile a command names, with the usual search path, as a one-line error when it cannot. */
final class Profiles {
    private Profiles() {
    }

    static ProfileLoader loader(Path tree) {
        return ProfileLoader.forTree(tree, System.getenv(), Path.of(System.getProperty("user.home")));
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
