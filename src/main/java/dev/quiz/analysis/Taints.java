package dev.quiz.analysis;

import java.util.Map;
import java.util.SortedSet;
import java.util.StringJoiner;

/** Kernel taint flags, as a person reads them. */
public final class Taints {
    private static final Map<Character, String> MEANING = Map.ofEntries(
            Map.entry('P', "proprietary module"), Map.entry('O', "out-of-tree module"),
            Map.entry('E', "unsigned module"), Map.entry('W', "warning"), Map.entry('D', "oops"),
            Map.entry('L', "soft lockup"), Map.entry('F', "forced module load"), Map.entry('R', "forced unload"),
            Map.entry('B', "bad page"), Map.entry('M', "machine check"), Map.entry('U', "user request"),
            Map.entry('C', "staging driver"), Map.entry('I', "firmware bug"), Map.entry('K', "live patch"),
            Map.entry('S', "SMP unsafe"), Map.entry('A', "ACPI table override"), Map.entry('X', "auxiliary"),
            Map.entry('T', "randstruct"), Map.entry('N', "test module"));

    private Taints() {
    }

    /** "O (out-of-tree module), W (warning)", or empty for an untainted kernel. */
    public static String describe(SortedSet<Character> flags) {
        StringJoiner j = new StringJoiner(", ");
        for (char c : flags) {
            j.add(c + " (" + MEANING.getOrDefault(c, "unknown") + ")");
        }
        return j.toString();
    }
}
