package dev.quiz.cycle;

import dev.quiz.build.PreparedKernel;
import dev.quiz.profile.Profile;
import dev.quiz.vm.GuestPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * One run, fully decided: the kernel, root and work dir it boots, the profile whose setup runs,
 * its settings, and whether the guest waits for the host's go (a build still under way).
 */
public record RunRequest(PreparedKernel kernel, Path rootImage, Path workDir, Profile profile, RunSettings settings,
        boolean waitForGo) {

    /** The same run, with the guest waiting for the host's go before its setup and command. */
    public RunRequest waitingForGo() {
        return new RunRequest(kernel, rootImage, workDir, profile, settings, true);
    }

    /** The same run with another command in the guest. */
    public RunRequest withCommand(List<String> command) {
        RunSettings.Guest g = settings.guest();
        return new RunRequest(kernel, rootImage, workDir, profile, new RunSettings(settings.vm(), settings.limits(),
                new RunSettings.Guest(command, g.shellAfter(), g.interactive(), g.rows(), g.columns()), settings.verdict()),
                waitForGo);
    }

    /** The command as a person would type it, for the verdict line and the history. */
    public String commandText() {
        List<String> command = settings.guest().command();
        return command.size() == 1 ? command.get(0)
                : String.join(" ", command.stream().map(GuestPlan::shellQuote).toList());
    }
}
