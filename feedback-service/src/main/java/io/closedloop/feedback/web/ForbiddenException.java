package io.closedloop.feedback.web;

import java.util.List;

/** The person asking is not allowed to do this (403), e.g. an approval above their limit. */
public class ForbiddenException extends RuntimeException {

    private final List<FieldError> errors;

    public ForbiddenException(String message, FieldError... errors) {
        super(message);
        this.errors = List.of(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
