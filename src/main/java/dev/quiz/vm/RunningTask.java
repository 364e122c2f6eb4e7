package dev.quiz.vm;

/** A task running on a CPU, as a kernel report names them ("CPU: 1 PID: 39 Comm: sh"). */
public record RunningTask(int cpu, int pid) {
}
