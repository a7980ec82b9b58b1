package io.closedloop.routing.web;

/** A request that cannot be done in the present state (e.g. a rollback with nothing to go back to). */
class ConflictException extends RuntimeException {
    ConflictException(String message) {
        super(message);
    }
}
