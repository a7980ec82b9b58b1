package io.closedloop.intake.web;

/** The complaint refused the command (the refusal is recorded on its stream); answered with 409. */
class CommandRejectedException extends RuntimeException {
    CommandRejectedException(String reason) {
        super(reason);
    }
}
