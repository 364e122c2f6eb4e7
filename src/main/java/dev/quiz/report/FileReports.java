package dev.quiz.report;

import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.RunResult;
import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
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
                appendLine(history.get(), Json.write(JsonReport.summary(r)));
            }
            if (runDir.isPresent()) {
                AtomicFiles.writeString(runDir.get().resolve("result.json"), Json.write(JsonReport.full(r)) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a report: " + e.getMessage(), e);
        }
    }

    /**
     * Appends one whole line in a single write, so concurrent quiz processes do not interleave;
     * after a line a crash cut short, on a line of its own.
     */
    static void appendLine(Path file, String line) throws IOException {
        Files.createDirectories(file.getParent());
        boolean cutShort = false;
        if (Files.exists(file)) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                if (f.length() > 0) {
                    f.seek(f.length() - 1);
                    cutShort = f.read() != '\n';
                }
            }
        }
        Files.writeString(file, (cutShort ? "\n" : "") + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
