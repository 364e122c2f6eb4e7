package dev.quiz.report;

/** The phases of a run or watch cycle, in order. */
public enum Phase {
    BUILD, BOOT, TEST;

    public String word() {
        return name().toLowerCase();
    }
}
