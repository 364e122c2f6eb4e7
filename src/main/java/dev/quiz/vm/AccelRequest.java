package dev.quiz.vm;

/** What the user asked for with {@code --accel}. */
public enum AccelRequest {
    AUTO, KVM, TCG
}
