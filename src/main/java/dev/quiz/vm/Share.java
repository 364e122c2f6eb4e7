package dev.quiz.vm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A host directory shared with the guest under a tag: a read-only layer of the guest's root (the
 * work dir, the kernel's modules), or a directory mounted at a path of the guest's own
 * ({@code mountPoint}), read-only unless {@code writable}.
 */
public record Share(String tag, Path hostPath, Transport transport, Optional<String> mountPoint, boolean writable) {

    public enum Transport {
        NINE_P("9p"), VIRTIOFS("virtiofs");

        private final String guestName;

        Transport(String guestName) {
            this.guestName = guestName;
        }

        public String guestName() {
            return guestName;
        }
    }

    public Share {
        if (!tag.matches("[a-z][a-z0-9]{0,30}")) {
            throw new IllegalArgumentException("share tag must be short lower-case letters and digits: " + tag);
        }
        if (writable && mountPoint.isEmpty()) {
            throw new IllegalArgumentException("a layer of the guest's root is never writable: " + tag);
        }
    }

    /** A read-only layer of the guest's root. */
    public static Share layer(String tag, Path hostPath, Transport transport) {
        return new Share(tag, hostPath, transport, Optional.empty(), false);
    }

    /** A directory at {@code mountPoint} in the guest. */
    public static Share mounted(String tag, Path hostPath, Transport transport, String mountPoint, boolean writable) {
        return new Share(tag, hostPath, transport, Optional.of(mountPoint), writable);
    }
}
