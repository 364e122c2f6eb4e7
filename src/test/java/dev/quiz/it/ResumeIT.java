package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under TCG the first run of a kernel, root and machine saves the VM once its kernel has booted,
 * and later runs resume it: each still a fresh guest, with its own random state and the host's
 * clock, and the boot's console in its log.
 */
@Tag("vm")
class ResumeIT {
    /**
     * The stage 2 shell's stack, placed at random when it is exec'd just after the resume: before
     * the kernel would reseed by itself, which the random numbers of later calls may show.
     */
    private static final String COMMAND = "echo stack=$(grep stack /proc/$$/maps); cat /proc/sys/kernel/random/uuid; "
            + "echo clock=$(date +%s)";
    private static final Pattern STACK = Pattern.compile("stack=(\\S+)");
    private static final Pattern UUID_LINE = Pattern.compile("(?m)^([0-9a-f]{8}-[0-9a-f-]{27})\\s*$");
    private static final Pattern CLOCK = Pattern.compile("clock=(\\d+)");

    @TempDir
    static Path dir;
    private static Path boots;

    @BeforeAll
    static void prepare() throws Exception {
        boots = Quiz.preparedStore().resolve("cache/boots");
    }

    /** A kernel argument no other test gives: a machine of its own, whose boot no run has saved. */
    private static String[] run(String nonce, String... more) {
        return Stream.concat(Stream.of("run", "--color=never", "--timings", "--append", "quiz.resume_it=" + nonce),
                Stream.of(more)).toArray(String[]::new);
    }

    private static Set<String> saved() throws Exception {
        if (!Files.isDirectory(boots)) {
            return Set.of();
        }
        try (Stream<Path> list = Files.list(boots)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).collect(Collectors.toSet());
        }
    }

    private static String stack(String output) {
        Matcher m = STACK.matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    private static String uuid(String output) {
        Matcher m = UUID_LINE.matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    private static String consoleLog(String output) throws Exception {
        Matcher m = Pattern.compile("console: (\\S+)").matcher(output);
        assertTrue(m.find(), output);
        return Files.readString(Path.of(m.group(1)));
    }

    @Test
    void aBootIsSavedOnceAndEachResumeIsAFreshGuest() throws Exception {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        Set<String> before = saved();
        Quiz.Result first = Quiz.run(dir, 300, run(nonce, "--", COMMAND));
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("saving the booted VM for later runs"), first.output());
        assertTrue(first.output().contains("kernel boot to /init"), first.output());
        Set<String> afterFirst = saved();
        Set<String> added = new HashSet<>(afterFirst);
        added.removeAll(before);
        assertEquals(1, added.size(), "one saved boot: " + added);

        Quiz.Result second = Quiz.run(dir, 300, run(nonce, "--", COMMAND));
        // Long enough that a clock left as it was saved would show it.
        Thread.sleep(3000);
        Quiz.Result third = Quiz.run(dir, 300, run(nonce, "--", COMMAND));
        long hostNow = System.currentTimeMillis() / 1000;
        for (Quiz.Result resumed : List.of(second, third)) {
            assertEquals(0, resumed.exitCode(), resumed.output());
            assertTrue(resumed.output().contains("qemu start, resuming the saved boot"), resumed.output());
            assertFalse(resumed.output().contains("kernel boot to /init"), resumed.output());
            String log = consoleLog(resumed.output());
            assertTrue(log.contains("Linux version") && log.contains("quiz.resume_it=" + nonce),
                    "the log holds the saved boot's console: " + log);
        }
        // The saving run goes on from the state it saved, as the resumed ones do.
        assertEquals(3, new HashSet<>(List.of(stack(first.output()), stack(second.output()),
                stack(third.output()))).size(),
                "the kernel's random state is reseeded: " + first.output() + second.output() + third.output());
        assertNotEquals(uuid(second.output()), uuid(third.output()));
        Matcher clock = CLOCK.matcher(third.output());
        assertTrue(clock.find(), third.output());
        long guest = Long.parseLong(clock.group(1));
        assertTrue(guest <= hostNow && hostNow - guest <= 2, "the guest's clock is the host's: " + guest + " at " + hostNow);
        assertEquals(afterFirst, saved(), "resuming saves nothing more");

        Quiz.Result cold = Quiz.run(dir, 300, run(nonce, "--cold-boot", "--", COMMAND));
        assertEquals(0, cold.exitCode(), cold.output());
        assertTrue(cold.output().contains("kernel boot to /init"), cold.output());
        assertFalse(cold.output().contains("resuming") || cold.output().contains("saving"), cold.output());
    }

    @Test
    void aSavedBootThatCannotBeResumedIsDroppedAndTheKernelBoots() throws Exception {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        Set<String> before = saved();
        assertEquals(0, Quiz.run(dir, 300, run(nonce, "--", "true")).exitCode());
        Set<String> added = saved();
        added.removeAll(before);
        assertEquals(1, added.size(), "one saved boot: " + added);
        Path state = boots.resolve(added.iterator().next()).resolve("state");
        Files.write(state, new byte[] {'Q', 'E', 'V', 'M', 0, 0, 0, 42});

        Quiz.Result r = Quiz.run(dir, 300, run(nonce, "--", "echo still-$((6*7))"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("the saved boot could not be resumed"), r.output());
        assertTrue(r.output().contains("still-42"), r.output());
        assertTrue(r.output().contains("saving the booted VM for later runs"), "saved again: " + r.output());
        assertTrue(Files.size(state) > 1000, "a whole state in its place");
        assertTrue(Quiz.qemuUsing(state.getParent()).isEmpty(), "no qemu left");

        Quiz.Result again = Quiz.run(dir, 300, run(nonce, "--", "true"));
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("qemu start, resuming the saved boot"), again.output());
    }
}
