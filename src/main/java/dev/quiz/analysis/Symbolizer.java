package dev.quiz.analysis;

import dev.quiz.arch.Arch;
import dev.quiz.exec.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds file:line to trace frames with the kernel's own scripts/decode_stacktrace.sh, where the
 * vmlinux and module .ko files with debug info are at hand. Anything missing, or the script
 * failing, leaves the frames as they were: symbolising never turns into an error. A module's
 * frames name their files relative to the tree they were built in (module/zfs/spa.c:6422).
 */
public final class Symbolizer {
    /** decode_stacktrace.sh runs addr2line per frame: seconds at most, unless something is wrong. */
    private static final Duration DECODE_LIMIT = Duration.ofSeconds(30);

    private final Arch arch;
    private final Path vmlinux;
    private final Path sourceDir;
    private final Optional<Path> modulesDir;

    private Symbolizer(Arch arch, Path vmlinux, Path sourceDir, Optional<Path> modulesDir) {
        this.arch = arch;
        this.vmlinux = vmlinux;
        this.sourceDir = sourceDir;
        this.modulesDir = modulesDir;
    }

    /**
     * A symbolizer when the kernel's vmlinux and source (with its decode script) exist; a foreign
     * architecture's kernel is read with its cross binutils.
     */
    public static Optional<Symbolizer> of(Arch arch, Optional<Path> vmlinux, Optional<Path> sourceDir,
            Optional<Path> modulesDir) {
        if (vmlinux.isEmpty() || sourceDir.isEmpty() || !Files.isRegularFile(vmlinux.get())
                || !Files.isRegularFile(sourceDir.get().resolve("scripts/decode_stacktrace.sh"))) {
            return Optional.empty();
        }
        return Optional.of(new Symbolizer(arch, vmlinux.get(), sourceDir.get(), modulesDir.filter(Files::isDirectory)));
    }

    private static final Pattern ABSOLUTE_SOURCE = Pattern.compile("(/[^\\s():]+):(\\d+)");

    /** The line with absolute source paths made relative to their tree (the nearest directory with .git or META). */
    static String treeRelative(String line) {
        Matcher m = ABSOLUTE_SOURCE.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Path file = Path.of(m.group(1));
            String shown = m.group(1);
            for (Path dir = file.getParent(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve(".git")) || Files.isRegularFile(dir.resolve("META"))) {
                    shown = dir.relativize(file).toString();
                    break;
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(shown + ":" + m.group(2)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public KernelReport symbolize(KernelReport report) {
        List<String> decoded = decode(report.excerpt());
        return new KernelReport(report.kind(), report.header(), decoded, report.complete());
    }

    List<String> decode(List<String> lines) {
        try {
            ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of("bash",
                    sourceDir.resolve("scripts/decode_stacktrace.sh").toString(), vmlinux.toString(), sourceDir.toString(),
                    modulesDir.map(Path::toString).orElse("")).withInput(String.join("\n", lines) + "\n")
                    .withEnvironment(Map.of("CROSS_COMPILE", arch.crossPrefix())), DECODE_LIMIT);
            List<String> decoded = r.stdout().lines().map(String::stripTrailing).map(Symbolizer::treeRelative).toList();
            return r.ok() && decoded.size() == lines.size() ? decoded : lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lines;
        }
    }
}
