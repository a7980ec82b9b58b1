package io.closedloop.contract;

/** Where the customer is (WGS 84); rescue requests are routed to the nearest service point by it. */
public record GeoLocation(double lat, double lon) {
}
