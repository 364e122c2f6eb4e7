package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    @Test
    void subordinateIdsAreFoundByUserName() {
        String subuid = "alice:100000:65536\nbob:165536:65536\n";
        assertTrue(DoctorCommand.listsUser(subuid, "bob"));
        assertFalse(DoctorCommand.listsUser(subuid, "bo"), "a prefix of another name is not the user");
        assertFalse(DoctorCommand.listsUser("", "bob"));
    }
}
