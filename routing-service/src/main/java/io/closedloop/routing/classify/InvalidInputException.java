package io.closedloop.routing.classify;

/** Input a person can fix (a missing column, an empty file, too few rows): reported as one line, never a stack trace. */
public final class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
