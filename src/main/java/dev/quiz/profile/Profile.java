package dev.quiz.profile;

import java.util.HashMap;
import java.util.Map;

/**
 * A resolved profile: which changes start a watch cycle, how the tree is built, what the VM gets,
 * what runs in the guest before and as the test, and how the run is judged, each the value of one
 * of {@link ProfileKeys}. Values a profile leaves out are empty, so command-line options and the
 * built-in defaults can fill them.
 */
public final class Profile {
    private final String name;
    private final String description;
    private final String source;
    /** Every key of ProfileKeys.ALL, each with a value of its own type: see the factories below. */
    private final Map<ProfileKey<?>, Object> values;

    private Profile(String name, String description, String source, Map<ProfileKey<?>, Object> values) {
        this.name = name;
        this.description = description;
        this.source = source;
        this.values = Map.copyOf(values);
    }

    /** No profile: nothing set up, nothing overridden. */
    public static Profile none() {
        Map<ProfileKey<?>, Object> values = new HashMap<>();
        for (ProfileKey<?> key : ProfileKeys.ALL) {
            values.put(key, key.unset());
        }
        return new Profile("none", "no profile", "built-in", values);
    }

    /** The profile one file sets out, before what it extends is applied. */
    static Profile read(String name, ProfileFile file) throws ProfileException {
        Map<ProfileKey<?>, Object> values = new HashMap<>();
        for (ProfileKey<?> key : ProfileKeys.ALL) {
            values.put(key, key.read(file));
        }
        return new Profile(name, file.value("description", TomlValues.STRING).orElse(""), file.label(), values);
    }

    /** A profile that extends another: each key's value as that key combines the two. */
    static Profile merge(Profile parent, Profile child) {
        Map<ProfileKey<?>, Object> values = new HashMap<>();
        for (ProfileKey<?> key : ProfileKeys.ALL) {
            values.put(key, key.merged(parent, child));
        }
        return new Profile(child.name, child.description.isEmpty() ? parent.description : child.description,
                child.source, values);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Where the profile comes from: its file, or built in. */
    public String source() {
        return source;
    }

    @SuppressWarnings("unchecked") // each key holds a value of its own type: see values
    public <T> T get(ProfileKey<T> key) {
        return (T) values.get(key);
    }

    /** Which changed files start a watch cycle. */
    public WatchPaths watch() {
        return new WatchPaths(get(ProfileKeys.WATCH_INCLUDE), get(ProfileKeys.WATCH_EXCLUDE));
    }

    /** Scratch disks: {@code count} virtio-blk files of {@code sizeBytes}, new and zeroed each run. */
    public record Disks(int count, long sizeBytes) {
        public Disks {
            if (count < 0 || count > 16) {
                throw new IllegalArgumentException("disks count must be 0 to 16, got " + count);
            }
            if (sizeBytes < (1 << 20)) {
                throw new IllegalArgumentException("disk size must be at least 1M");
            }
        }
    }
}
