package dev.quiz.vm;

import java.nio.file.Path;

/** A host directory the guest sees read-only, layered over the root image under the given tag. */
public record Share(String tag, Path hostPath, Transport transport) {

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
    }
}
