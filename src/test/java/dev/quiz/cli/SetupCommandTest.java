package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetupCommandTest {
    @Test
    void sourceEntriesUseTheHostMirrorAndRelease() {
        String deb822 = "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\n"
                + "Components: main\n\nTypes: deb\nURIs: http://security.example/debian-security\n";
        String entries = SetupCommand.sourceEntries("ID=debian\nVERSION_CODENAME=bookworm\n", deb822);
        assertTrue(entries.contains("Types: deb-src\nURIs: http://mirror.example/debian\n"), entries);
        assertTrue(entries.contains("Suites: bookworm bookworm-backports\n"), entries);
        assertTrue(entries.contains("Components: main contrib\n"), entries);

        String oneLine = SetupCommand.sourceEntries("VERSION_CODENAME=trixie\n",
                "deb [arch=amd64] http://other.example/debian trixie main\n");
        assertTrue(oneLine.contains("URIs: http://other.example/debian\n"), oneLine);
        assertTrue(oneLine.contains("Suites: trixie trixie-backports\n"), oneLine);
    }
}
