package io.closedloop.feedback.web;

import java.util.List;

/** The request is well formed but the complaint is not in a state to take it (409), with the field it is about. */
public class ConflictException extends RuntimeException {

    private final List<FieldError> errors;

    public ConflictException(String message, FieldError... errors) {
        super(message);
        this.errors = List.of(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
