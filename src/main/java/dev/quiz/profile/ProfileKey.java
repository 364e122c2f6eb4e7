package dev.quiz.profile;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One setting a profile can make, declared once in {@link ProfileKeys}: the dotted names it is
 * written as, how a file's value is read and checked, how a profile's value combines with the
 * one it extends, and the lines {@code quiz profiles show} prints for it.
 *
 * @param <T> its value in a profile; a profile that does not set it holds the key's unset value
 */
public final class ProfileKey<T> {
    /** Reads the key's value from one file: its unset value when the file does not set it. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ProfileFile file) throws ProfileException;
    }

    private final List<String> names;
    private final T unset;
    private final Reader<T> reader;
    private final BinaryOperator<T> merge;
    private final Function<T, List<String>> show;

    /**
     * @param names the dotted names a file may write it as, its own name first
     * @param merge the value of a profile that extends another, from (parent's, child's)
     * @param show the lines quiz profiles show prints for a value
     */
    ProfileKey(List<String> names, T unset, Reader<T> reader, BinaryOperator<T> merge, Function<T, List<String>> show) {
        this.names = List.copyOf(names);
        this.unset = unset;
        this.reader = reader;
        this.merge = merge;
        this.show = show;
    }

    /** The dotted name, such as vm.memory. */
    public String name() {
        return names.get(0);
    }

    List<String> names() {
        return names;
    }

    T unset() {
        return unset;
    }

    T read(ProfileFile file) throws ProfileException {
        return reader.read(file);
    }

    T merged(Profile parent, Profile child) {
        return merge.apply(parent.get(this), child.get(this));
    }

    /** The lines quiz profiles show prints for this key of a profile. */
    public List<String> show(Profile profile) {
        return show.apply(profile.get(this));
    }
}
