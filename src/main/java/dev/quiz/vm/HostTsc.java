package dev.quiz.vm;

import dev.quiz.exec.ChildProcess;
import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's TSC frequency. Under TCG the guest's TSC ticks at the host's rate, and a microvm
 * guest that cannot calibrate it sometimes hangs at "tsc: Marking TSC unstable"; passing
 * {@code tsc_early_khz} avoids that.
 */
public final class HostTsc {
    private static final Pattern KERNEL_LOG_REFINED = Pattern.compile(
            "tsc: Refined TSC clocksource calibration: (\\d+)\\.(\\d{3})\\d* MHz");
    private static final Pattern KERNEL_LOG_DETECTED = Pattern.compile("tsc: Detected (\\d+)\\.(\\d{3})\\d* MHz");
    private static final Pattern MODEL_GHZ = Pattern.compile("^model name\\s*:.*@\\s*(\\d+)\\.(\\d+)GHz", Pattern.MULTILINE);
    private static final Pattern CPU_MHZ = Pattern.compile("^cpu MHz\\s*:\\s*(\\d+)\\.(\\d{3})", Pattern.MULTILINE);

    private HostTsc() {
    }

    /**
     * The host's TSC rate, probed once per boot of the host (read from its kernel log, which
     * takes a program run) and then kept in {@code cache}, keyed by the boot's id.
     */
    public static OptionalLong probeKhz(Path cache) {
        Optional<Path> kept = bootId().map(id -> cache.resolve("tsc-khz-" + id));
        if (kept.isPresent()) {
            try {
                return OptionalLong.of(Long.parseLong(Files.readString(kept.get()).strip()));
            } catch (IOException | NumberFormatException e) {
                // not probed on this boot yet
            }
        }
        OptionalLong khz = probeKhz();
        if (khz.isPresent() && kept.isPresent()) {
            try {
                AtomicFiles.writeString(kept.get(), khz.getAsLong() + "\n");
            } catch (IOException e) {
                // probed again next time
            }
        }
        return khz;
    }

    private static Optional<String> bootId() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip())
                    .filter(id -> id.matches("[0-9a-f-]+"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static OptionalLong probeKhz() {
        OptionalLong fromLog = fromKernelLog(readKernelLog());
        if (fromLog.isPresent()) {
            return fromLog;
        }
        try {
            return fromCpuinfo(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The refined calibration wins over the first detection, as the kernel itself does. */
    static OptionalLong fromKernelLog(String log) {
        OptionalLong last = OptionalLong.empty();
        Matcher refined = KERNEL_LOG_REFINED.matcher(log);
        while (refined.find()) {
            last = OptionalLong.of(khz(refined.group(1), refined.group(2)));
        }
        if (last.isPresent()) {
            return last;
        }
        Matcher detected = KERNEL_LOG_DETECTED.matcher(log);
        return detected.find() ? OptionalLong.of(khz(detected.group(1), detected.group(2))) : OptionalLong.empty();
    }

    /** A nominal "@ 2.90GHz" in the model name is the TSC rate on CPUs with constant_tsc; else "cpu MHz". */
    static OptionalLong fromCpuinfo(String cpuinfo) {
        Matcher model = MODEL_GHZ.matcher(cpuinfo);
        if (model.find()) {
            String fraction = (model.group(2) + "000000").substring(0, 6);
            return OptionalLong.of(Long.parseLong(model.group(1)) * 1_000_000 + Long.parseLong(fraction));
        }
        Matcher mhz = CPU_MHZ.matcher(cpuinfo);
        return mhz.find() ? OptionalLong.of(khz(mhz.group(1), mhz.group(2))) : OptionalLong.empty();
    }

    private static long khz(String mhz, String thousandths) {
        return Long.parseLong(mhz) * 1000 + Long.parseLong(thousandths);
    }

    private static String readKernelLog() {
        try {
            ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of("dmesg"), Duration.ofSeconds(5));
            return r.ok() ? r.stdout() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
