package io.closedloop.routing.web;

class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
