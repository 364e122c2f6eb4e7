package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each form a kernel log is saved in: what marks a kernel message, and what is left of the line. */
class ConsoleLineTest {
    private static final String BUG = "BUG: kernel NULL pointer dereference, address: 0000000000000008";

    private static void assertKernel(String raw) {
        assertEquals(new ConsoleLine(BUG, true, ""), ConsoleLine.of(raw), raw);
    }

    private static void assertProgramOutput(String raw) {
        ConsoleLine line = ConsoleLine.of(raw);
        assertEquals(new ConsoleLine(raw, false, ""), line, raw);
    }

    @Test
    void printkTimestamps() {
        assertKernel("[   12.345678] " + BUG);
        assertKernel("[    5.1] " + BUG);
        assertKernel("[   12.345678][    T1] " + BUG);
        assertProgramOutput(BUG);
    }

    @Test
    void dmesgWallClockTimes() {
        assertKernel("[Sun Nov 22 07:00:00 2026] " + BUG);
        assertKernel("[Mon Nov  2 07:00:00 2026] " + BUG);
    }

    @Test
    void syslogAndJournalPrefixes() {
        assertKernel("Nov 22 07:00:00 host kernel: " + BUG);
        assertKernel("Nov  2 07:00:00 host.example.org kernel: " + BUG);
        assertKernel("Nov 22 07:00:00.123456 host kernel: " + BUG);
        assertKernel("2026-11-22T07:00:00+0000 host kernel: " + BUG);
        assertKernel("2026-11-22T07:00:00.123456+00:00 host kernel: " + BUG);
        assertKernel("Nov 22 07:00:00 host kernel: [   12.345678] " + BUG);
        assertKernel("Nov 22 07:00:00 host kern.warn kernel: [   12.345678] " + BUG);
        assertKernel("Nov 22 07:00:00 host kern.warn kernel: " + BUG);
    }

    @Test
    void otherProgramsInASyslogAreNotTheKernel() {
        assertProgramOutput("Nov 22 07:00:00 host systemd[1]: " + BUG);
        assertProgramOutput("2026-11-22T07:00:00+0000 host sh[79]: " + BUG);
        assertProgramOutput("Nov 22 07:00:00 host user.notice root: " + BUG);
    }

    @Test
    void levelPrefixesAndKmsgRecords() {
        assertKernel("<4>[    1.234567] " + BUG);
        assertKernel("<4>" + BUG);
        assertKernel("4,1234,5678901,-;" + BUG);
        assertKernel("4,339,5140900,-,caller=T1;" + BUG);
        assertProgramOutput(" SUBSYSTEM=pci");
    }

    @Test
    void dmesgFacilityAndLevel() {
        assertKernel("kern  :warn  : [    1.234567] " + BUG);
        assertKernel("kern  :notice: " + BUG);
    }

    @Test
    void lineEndsAndColour() {
        assertKernel("[   12.345678] " + BUG + "\r");
        assertEquals(new ConsoleLine(BUG, false, ""), ConsoleLine.of(BUG + "\r"));
        assertKernel("\u001B[32m[   12.345678] \u001B[0m\u001B[1;31m" + BUG + "\u001B[0m");
        assertEquals(new ConsoleLine(BUG, false, ""), ConsoleLine.of("\u001B[1;31m" + BUG + "\u001B[0m"));
    }

    @Test
    void kernelMessagePrintedIntoProgramOutput() {
        assertEquals(new ConsoleLine(BUG, true, "some output"), ConsoleLine.of("some output[   12.345678] " + BUG));
        assertProgramOutput("copied [ 1.5] of 3 files");
    }
}
