package dev.quiz.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A crashed guest's memory, saved as a compressed kdump-format vmcore: where it went, how long it
 * took and how big it is, and the commands that open it; or why it was not written.
 */
public record Vmcore(Optional<Path> file, Duration took, long bytes, List<String> openWith, Optional<String> failure) {
    public Vmcore {
        openWith = List.copyOf(openWith);
    }

    static Vmcore written(Path file, Duration took, long bytes) {
        return new Vmcore(Optional.of(file), took, bytes, List.of(), Optional.empty());
    }

    static Vmcore failed(Duration took, String why) {
        return new Vmcore(Optional.empty(), took, 0, List.of(), Optional.of(why));
    }

    /** The same, with the commands that open it. */
    public Vmcore openedWith(List<String> commands) {
        return new Vmcore(file, took, bytes, commands, failure);
    }
}
