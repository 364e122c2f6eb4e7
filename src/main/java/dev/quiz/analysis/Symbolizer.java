package dev.quiz.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Adds file:line to trace frames with the kernel's own scripts/decode_stacktrace.sh, where the
 * vmlinux and module .ko files with debug info are at hand. Anything missing, or the script
 * failing, leaves the frames as they were: symbolising never turns into an error.
 */
public final class Symbolizer {
    private final Path vmlinux;
    private final Path sourceDir;
    private final Optional<Path> modulesDir;

    private Symbolizer(Path vmlinux, Path sourceDir, Optional<Path> modulesDir) {
        this.vmlinux = vmlinux;
        this.sourceDir = sourceDir;
        this.modulesDir = modulesDir;
    }

    /** A symbolizer when the kernel's vmlinux and source (with its decode script) exist. */
    public static Optional<Symbolizer> of(Optional<Path> vmlinux, Optional<Path> sourceDir, Optional<Path> modulesDir) {
        if (vmlinux.isEmpty() || sourceDir.isEmpty() || !Files.isRegularFile(vmlinux.get())
                || !Files.isRegularFile(sourceDir.get().resolve("scripts/decode_stacktrace.sh"))) {
            return Optional.empty();
        }
        return Optional.of(new Symbolizer(vmlinux.get(), sourceDir.get(), modulesDir.filter(Files::isDirectory)));
    }

    public KernelReport symbolize(KernelReport report) {
        List<String> decoded = decode(report.excerpt());
        return new KernelReport(report.kind(), report.header(), decoded, report.complete());
    }

    List<String> decode(List<String> lines) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", sourceDir.resolve("scripts/decode_stacktrace.sh").toString(),
                    vmlinux.toString(), sourceDir.toString(), modulesDir.map(Path::toString).orElse(""))
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return lines;
            }
            List<String> decoded = out.lines().map(String::stripTrailing).toList();
            return p.exitValue() == 0 && decoded.size() == lines.size() ? decoded : lines;
        } catch (IOException e) {
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lines;
        }
    }
}
