package dev.quiz.model;

/** What a run or watch cycle tells as it goes: one stream, rendered by every reporter. */
public sealed interface Event {
    /** A one-line remark: the accelerator chosen, a branch switch, where a log is. */
    record Notice(String text) implements Event {
    }

    record PhaseStarted(Phase phase, String detail) implements Event {
    }

    /** A short status of a long phase, replacing the previous one. */
    record Progress(Phase phase, String status) implements Event {
    }

    /** A line of build output or of the guest's console. */
    record Output(Phase phase, String line) implements Event {
    }

    record Finished(RunResult result) implements Event {
    }

    /** A watch cycle begins: its number and the changed paths that set it off. */
    record CycleStarted(int number, String trigger) implements Event {
    }

    /** A watch cycle was given up for a newer one: more changes came while it ran. */
    record CycleCancelled(int number) implements Event {
    }

    /** A watch cycle could not be run by quiz itself (not a verdict on the tree): why. */
    record CycleFailed(int number, String reason) implements Event {
    }

    /** A test group of a sharded suite run has ended, or was cut short by a crash. */
    record GroupFinished(SuiteResult.Group group) implements Event {
    }

    /** A sharded suite run has ended, whole or stopped; its reports are in {@code dir}. */
    record SuiteFinished(SuiteResult result, java.nio.file.Path dir) implements Event {
    }
}
