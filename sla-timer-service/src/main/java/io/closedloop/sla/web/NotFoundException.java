package io.closedloop.sla.web;

class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
