package io.closedloop.feedback.web;

import java.util.List;

/** A request this service cannot act on, with every field that is wrong (400). */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Throws if there is anything in {@code errors}. */
    public static void throwIfAny(String message, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(message, errors);
        }
    }
}
