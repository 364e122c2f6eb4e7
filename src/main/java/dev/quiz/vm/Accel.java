package dev.quiz.vm;

/** How qemu runs the guest's CPU. */
public enum Accel {
    KVM, TCG;

    public String qemuName() {
        return name().toLowerCase();
    }
}
