package dev.quiz.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * A tree's own mapping from branches to profiles, {@code .quiz/branches.toml}: keys are branch
 * names or globs ({@code "fix-*"}), values profile names; an exact name wins over a glob, and
 * globs are tried in the order written.
 */
public final class BranchProfiles {
    public static final String FILE = ".quiz/branches.toml";

    private BranchProfiles() {
    }

    public static Optional<String> fromTree(Path tree, String branch) throws ProfileException {
        Path file = tree.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read: " + e.getMessage());
        }
        if (toml.hasErrors()) {
            throw new ProfileException(file + ":" + toml.errors().get(0).position().line() + ": "
                    + toml.errors().get(0).getMessage());
        }
        for (String key : toml.keySet()) {
            if (!(toml.get(List.of(key)) instanceof String)) {
                TomlPosition pos = toml.inputPositionOf(List.of(key));
                throw new ProfileException(file + (pos == null ? "" : ":" + pos.line()) + ": " + key
                        + ": the value must be a profile name in quotes");
            }
        }
        if (toml.get(List.of(branch)) instanceof String exact) {
            return Optional.of(exact);
        }
        for (String key : toml.keySet()) {
            if (key.contains("*") || key.contains("?")) {
                if (glob(key).matcher(branch).matches()) {
                    return Optional.of((String) toml.get(List.of(key)));
                }
            }
        }
        return Optional.empty();
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString());
    }
}
