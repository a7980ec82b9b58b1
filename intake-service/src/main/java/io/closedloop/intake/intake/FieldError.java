package io.closedloop.intake.intake;

/** One reason a piece of input was refused, naming the field (JSON path, e.g. {@code complainant.email}). */
public record FieldError(String field, String reason) {
}
