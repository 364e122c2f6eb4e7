package dev.quiz.model;

/** The phases of a run or watch cycle, in order. */
public enum Phase {
    BUILD, BOOT, TEST;

    public String word() {
        return name().toLowerCase();
    }
}
