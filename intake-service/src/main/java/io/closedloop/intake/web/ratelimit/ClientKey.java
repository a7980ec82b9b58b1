package io.closedloop.intake.web.ratelimit;

/**
 * Who a request counts against. {@code kind} says where the name came from ("adapter" for {@code X-Channel-Adapter},
 * "address" for the remote address; "principal" once authentication lands); only named clients (not addresses) can
 * have limits of their own and their own tag on the refusal counter.
 */
public record ClientKey(String kind, String name, boolean named) {

    public static ClientKey adapter(String name) {
        return new ClientKey("adapter", name, true);
    }

    public static ClientKey address(String address) {
        return new ClientKey("address", address, false);
    }

    /** The bucket's key and what the 429 names: {@code adapter:cfpb-import}, {@code address:10.0.0.7}. */
    @Override
    public String toString() {
        return kind + ":" + name;
    }
}
