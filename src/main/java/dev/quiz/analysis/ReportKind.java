package dev.quiz.analysis;

/** The kinds of report a kernel prints on its console. */
public enum ReportKind {
    PANIC, ASSERT, OOPS, HANG, WARNING;
}
