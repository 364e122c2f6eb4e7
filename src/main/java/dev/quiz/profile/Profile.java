package dev.quiz.profile;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resolved profile: which changes start a watch cycle, how the tree is built, what the VM gets,
 * what runs in the guest before and as the test, and how the run is judged. Values a profile
 * leaves out are empty, so command-line options and the built-in defaults can fill them.
 */
public record Profile(
        String name,
        String description,
        String source,
        WatchPaths watch,
        Optional<String> kernel,
        Optional<String> accel,
        Optional<Long> memoryBytes,
        Optional<Integer> cpus,
        Optional<Disks> disks,
        List<String> kernelArgs,
        String setup,
        Optional<String> test,
        Optional<Duration> timeout,
        Map<String, String> environment,
        Optional<Boolean> failOnWarning,
        Optional<Duration> silence,
        Optional<Boolean> debugBuild,
        List<String> configureArgs,
        List<String> makeTargets,
        Optional<Integer> jobs,
        Optional<Boolean> userlandUsesModule) {

    public Profile {
        kernelArgs = List.copyOf(kernelArgs);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        configureArgs = List.copyOf(configureArgs);
        makeTargets = List.copyOf(makeTargets);
    }

    /** Scratch disks: {@code count} virtio-blk files of {@code sizeBytes}, new and zeroed each run. */
    public record Disks(int count, long sizeBytes) {
        public Disks {
            if (count < 0 || count > 16) {
                throw new IllegalArgumentException("disks count must be 0 to 16, got " + count);
            }
            if (sizeBytes < (1 << 20)) {
                throw new IllegalArgumentException("disk size must be at least 1M");
            }
        }
    }

    /** No profile: nothing set up, nothing overridden. */
    public static Profile none() {
        return new Profile("none", "no profile", "built-in", WatchPaths.ALL, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), "", Optional.empty(), Optional.empty(),
                Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
                Optional.empty());
    }
}
