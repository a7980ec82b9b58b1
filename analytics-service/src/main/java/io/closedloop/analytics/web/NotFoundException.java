package io.closedloop.analytics.web;

class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
