package io.closedloop.feedback.web;

/** One thing wrong with a request: which field, and why. */
public record FieldError(String field, String reason) {
}
