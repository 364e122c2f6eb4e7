package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HostTscTest {
    @Test
    void refinedCalibrationWinsOverDetection() {
        String log = "[    0.000063] tsc: Detected 2596.120 MHz processor\n"
                + "[    1.234] tsc: Refined TSC clocksource calibration: 2593.905 MHz\n";
        assertEquals(OptionalLong.of(2593905), HostTsc.fromKernelLog(log));
        assertEquals(OptionalLong.of(2596120), HostTsc.fromKernelLog("[    0.000063] tsc: Detected 2596.120 MHz processor"));
        assertTrue(HostTsc.fromKernelLog("nothing here").isEmpty());
    }

    @Test
    void cpuinfoNominalFrequencyOrCpuMhz() {
        assertEquals(OptionalLong.of(2900000), HostTsc.fromCpuinfo(
                "model name\t: Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz\ncpu MHz\t\t: 4600.000\n"));
        assertEquals(OptionalLong.of(2596120), HostTsc.fromCpuinfo("model name\t: AMD EPYC\ncpu MHz\t\t: 2596.120\n"));
    }
}
