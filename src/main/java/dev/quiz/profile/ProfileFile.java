package dev.quiz.profile;

import java.util.Optional;
import java.util.function.Function;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/** One profile file's TOML, read a key at a time; a bad value is an error naming the file, line and key. */
final class ProfileFile {
    private final String label;
    private final TomlParseResult toml;

    ProfileFile(String label, TomlParseResult toml) {
        this.label = label;
        this.toml = toml;
    }

    /** Where the profile comes from, as errors name it. */
    String label() {
        return label;
    }

    /** The value of a dotted key such as vm.memory, read and checked by {@code read}; empty when not set. */
    <V> Optional<V> value(String key, Function<Object, V> read) throws ProfileException {
        if (!toml.contains(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read.apply(toml.get(key)));
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    ProfileException error(String key, String message) {
        TomlPosition pos = toml.inputPositionOf(key);
        return new ProfileException(label + (pos == null ? "" : ":" + pos.line()) + ": " + key + ": " + message);
    }
}
