package io.closedloop.intake.web;

class ComplaintNotFoundException extends RuntimeException {
    ComplaintNotFoundException(String complaintId) {
        super("no complaint " + complaintId);
    }
}
