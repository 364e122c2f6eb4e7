package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestPlanTest {
    @Test
    void oneArgumentIsAShellLine() {
        assertEquals("zpool create tank /dev/quizb0 && zpool status\n",
                GuestPlan.commandScript(List.of("zpool create tank /dev/quizb0 && zpool status")));
    }

    @Test
    void severalArgumentsAreQuotedWordByWord() {
        assertEquals("exec sh -c 'exit 7'\n", GuestPlan.commandScript(List.of("sh", "-c", "exit 7")));
        assertEquals("exec echo 'it'\\''s' ''\n", GuestPlan.commandScript(List.of("echo", "it's", "")));
        assertEquals("", GuestPlan.commandScript(List.of()));
    }

    @Test
    void messagesFromTheGuest() {
        assertEquals(new GuestMessage(GuestMessage.Kind.EXIT, "7"), GuestMessage.parse("quiz:exit 7").orElseThrow());
        assertEquals(7, GuestMessage.parse("quiz:exit 7").orElseThrow().status());
        assertEquals(GuestMessage.Kind.BOOT_FAILED,
                GuestMessage.parse("quiz:boot-failed no root disk").orElseThrow().kind());
        assertEquals("no root disk", GuestMessage.parse("quiz:boot-failed no root disk").orElseThrow().argument());
        assertEquals(true, GuestMessage.parse("hello").isEmpty());
        assertEquals(true, GuestMessage.parse("quiz:bogus").isEmpty());
    }
}
