package io.closedloop.intake.web.ratelimit;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * Today's client identity: the adapter named in {@code X-Channel-Adapter}, else the caller's address. The header is
 * the caller's own claim (there is no authentication yet), so this keeps honest adapters from starving each other;
 * it does not stop a hostile caller who invents a new name per request (the bounded bucket map keeps that from
 * costing memory, and authentication will replace this resolver).
 */
public class AdapterOrAddressKeyResolver implements ClientKeyResolver {

    static final String ADAPTER_HEADER = "X-Channel-Adapter";
    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Same shape as the channels' adapter names; anything else is refused by the endpoint itself (400). */
    private static final Pattern ADAPTER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.\\[\\]%]{1,64}");

    private final boolean trustForwardedFor;

    public AdapterOrAddressKeyResolver(boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public Mono<ClientKey> resolve(ServerWebExchange exchange) {
        var headers = exchange.getRequest().getHeaders();
        String adapter = headers.getFirst(ADAPTER_HEADER);
        if (adapter != null && ADAPTER_NAME.matcher(adapter.strip()).matches()) {
            return Mono.just(ClientKey.adapter(adapter.strip()));
        }
        if (trustForwardedFor) {
            String forwarded = headers.getFirst(FORWARDED_FOR);
            if (forwarded != null) {
                // the proxy appends; the first entry is the original client as the trusted proxy saw it
                String first = forwarded.split(",", 2)[0].strip();
                if (ADDRESS.matcher(first).matches()) {
                    return Mono.just(ClientKey.address(first));
                }
            }
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = remote == null ? "unknown"
                : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return Mono.just(ClientKey.address(address));
    }
}
