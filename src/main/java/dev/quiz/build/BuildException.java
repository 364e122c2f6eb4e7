package dev.quiz.build;

/** A build step failed; the message says which and what to do, the log holds the rest. */
public class BuildException extends Exception {
    public BuildException(String message) {
        super(message);
    }
}
