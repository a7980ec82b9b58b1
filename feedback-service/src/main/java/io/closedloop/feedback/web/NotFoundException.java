package io.closedloop.feedback.web;

/** The thing asked for is not known here (404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
