package dev.quiz.model;

import java.util.List;

/** Where events go. Renderers implement it; {@link #all} sends one stream to several. */
public interface EventSink {
    void emit(Event event);

    static EventSink all(List<EventSink> sinks) {
        List<EventSink> copy = List.copyOf(sinks);
        return event -> copy.forEach(s -> s.emit(event));
    }
}
