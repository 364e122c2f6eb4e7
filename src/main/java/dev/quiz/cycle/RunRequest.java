package dev.quiz.cycle;

import dev.quiz.analysis.Verdicts;
import dev.quiz.build.PreparedKernel;
import dev.quiz.profile.Profile;
import dev.quiz.vm.Accel;
import dev.quiz.vm.GuestPlan;
import dev.quiz.vm.Share;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One run, fully decided: every option and profile value already resolved and checked. */
public record RunRequest(
        PreparedKernel kernel,
        Path rootImage,
        Path workDir,
        Share.Transport shareTransport,
        Profile profile,
        List<String> command,
        boolean shellAfter,
        boolean interactive,
        Accel accel,
        int memoryMiB,
        int cpus,
        List<String> kernelArgs,
        List<String> qemuArgs,
        OptionalInt gdbPort,
        OptionalLong tscKhz,
        Optional<Duration> timeout,
        Optional<Duration> silence,
        Verdicts.Policy policy,
        int terminalRows,
        int terminalColumns,
        boolean waitForGo) {

    public RunRequest {
        command = List.copyOf(command);
        kernelArgs = List.copyOf(kernelArgs);
        qemuArgs = List.copyOf(qemuArgs);
    }

    /** The same run, with the guest waiting for the host's go before its setup and command. */
    public RunRequest waitingForGo() {
        return new RunRequest(kernel, rootImage, workDir, shareTransport, profile, command, shellAfter, interactive, accel,
                memoryMiB, cpus, kernelArgs, qemuArgs, gdbPort, tscKhz, timeout, silence, policy, terminalRows,
                terminalColumns, true);
    }

    /** The command as a person would type it, for the verdict line and the history. */
    public String commandText() {
        return command.size() == 1 ? command.get(0)
                : String.join(" ", command.stream().map(GuestPlan::shellQuote).toList());
    }
}
