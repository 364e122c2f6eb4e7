package dev.quiz.vm;

import java.util.Optional;

/**
 * How a VM comes up: it boots its kernel; or it boots it and, once booted, saves itself into
 * {@code saved} for later runs; or it resumes the boot saved there.
 */
public record Boot(Mode mode, Optional<SavedBoot> saved) {

    public enum Mode {
        BOOT, BOOT_AND_SAVE, RESUME
    }

    public Boot {
        if (saved.isEmpty() != (mode == Mode.BOOT)) {
            throw new IllegalArgumentException(mode + " with saved boot " + saved);
        }
    }

    public static Boot cold() {
        return new Boot(Mode.BOOT, Optional.empty());
    }

    /** Resumes {@code saved} where it is complete, else boots and saves it there. */
    public static Boot from(SavedBoot saved) {
        return new Boot(saved.isComplete() ? Mode.RESUME : Mode.BOOT_AND_SAVE, Optional.of(saved));
    }

    public boolean resumes() {
        return mode == Mode.RESUME;
    }

    public boolean saves() {
        return mode == Mode.BOOT_AND_SAVE;
    }
}
