package dev.quiz.cli;

/** Something the user can fix; printed as one line, exit code 250. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
