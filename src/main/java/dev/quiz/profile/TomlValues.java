package dev.quiz.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The kinds of TOML value a profile's keys are written as. Each reads a value or throws
 * IllegalArgumentException with a message that completes "FILE:LINE: KEY: ".
 */
final class TomlValues {
    static final Function<Object, String> STRING = value -> {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected a string, got " + describe(value));
    };
    static final Function<Object, Long> WHOLE_NUMBER = value -> {
        if (value instanceof Long n) {
            return n;
        }
        throw new IllegalArgumentException("expected a whole number, got " + describe(value));
    };
    static final Function<Object, Boolean> BOOLEAN = value -> {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("expected true or false, got " + describe(value));
    };
    static final Function<Object, Long> SIZE = STRING.andThen(Units::parseSize);
    static final Function<Object, Duration> DURATION = STRING.andThen(Units::parseDuration);
    /** One string, or a list of them. */
    static final Function<Object, List<String>> STRINGS = TomlValues::strings;

    private TomlValues() {
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (!(value instanceof TomlArray array)) {
            throw new IllegalArgumentException("expected a string or a list of strings, got " + describe(value));
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String s)) {
                throw new IllegalArgumentException("expected a list of strings, item " + (i + 1) + " is "
                        + describe(array.get(i)));
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }

    static String describe(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
