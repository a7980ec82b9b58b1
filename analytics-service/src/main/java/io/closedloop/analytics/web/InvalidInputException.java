package io.closedloop.analytics.web;

import java.util.List;

/** A request this service cannot act on, with every field that is wrong. */
class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
