package dev.quiz.report;

import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Renders the verdict into files: --report FILE.json, --junit FILE.xml, and the history line. */
public final class FileReports implements EventSink {
    private final Optional<Path> json;
    private final Optional<Path> junit;
    private final Optional<Path> history;
    private final Optional<Path> runDir;

    /** {@code runDir}, when given, gets the run's own result.json beside its console log. */
    public FileReports(Optional<Path> json, Optional<Path> junit, Optional<Path> history, Optional<Path> runDir) {
        this.json = json;
        this.junit = junit;
        this.history = history;
        this.runDir = runDir;
    }

    @Override
    public void emit(Event event) {
        if (!(event instanceof Event.Finished f)) {
            return;
        }
        RunResult r = f.result();
        try {
            if (json.isPresent()) {
                AtomicFiles.writeString(json.get(), Json.write(JsonReport.full(r)) + "\n");
            }
            if (junit.isPresent()) {
                AtomicFiles.writeString(junit.get(), JunitReport.xml(r));
            }
            if (history.isPresent()) {
                Files.createDirectories(history.get().getParent());
                // One short line per run, appended in a single write, so concurrent quiz processes do not interleave.
                Files.writeString(history.get(), Json.write(JsonReport.summary(r)) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (runDir.isPresent()) {
                AtomicFiles.writeString(runDir.get().resolve("result.json"), Json.write(JsonReport.full(r)) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a report: " + e.getMessage(), e);
        }
    }
}
