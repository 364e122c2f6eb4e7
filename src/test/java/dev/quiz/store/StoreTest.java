package dev.quiz.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreTest {
    @Test
    void quizHomeThenXdgCacheThenHome() {
        assertEquals(Path.of("/q"), Store.fromEnvironment(Map.of("QUIZ_HOME", "/q", "XDG_CACHE_HOME", "/x"), Path.of("/h")).root());
        assertEquals(Path.of("/x/quiz"), Store.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), Path.of("/h")).root());
        assertEquals(Path.of("/h/.cache/quiz"), Store.fromEnvironment(Map.of(), Path.of("/h")).root());
    }

    @Test
    void keysDependOnEveryPart() {
        assertEquals(12, Hashing.key("a", "b").length());
        assertEquals(Hashing.key("a", "b"), Hashing.key("a", "b"));
        assert !Hashing.key("a", "b").equals(Hashing.key("ab", ""));
    }
}
