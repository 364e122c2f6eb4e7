package dev.quiz.analysis;

import java.util.List;

/**
 * One report the kernel printed: its first line, the excerpt a developer reads (timestamps and
 * register dumps trimmed, call trace and module frames kept), and whether it was cut off.
 */
public record KernelReport(ReportKind kind, String header, List<String> excerpt, boolean complete) {
    public KernelReport {
        excerpt = List.copyOf(excerpt);
    }
}
