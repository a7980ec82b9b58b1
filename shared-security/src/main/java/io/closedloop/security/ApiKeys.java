package io.closedloop.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * API keys of channel adapters and department systems, sent as {@code X-Api-Key}. Only the keys' SHA-256 digests are
 * configured, so no key sits in a configuration file; a key is found by the digest of what the caller sent, so the
 * lookup's timing could tell an attacker at most something about a digest, never about a key.
 */
public final class ApiKeys implements ReactiveAuthenticationManager {

    public static final String HEADER = "X-Api-Key";

    private final Map<String, SecurityProperties.ApiKeyAccount> byDigest;

    public ApiKeys(List<SecurityProperties.ApiKeyAccount> accounts) {
        this.byDigest = accounts.stream().collect(Collectors.toUnmodifiableMap(
                account -> account.keySha256().toLowerCase(Locale.ROOT), Function.identity(),
                (first, second) -> {
                    throw new IllegalArgumentException("two API keys have the same digest: " + first.name() + ", "
                            + second.name());
                }));
    }

    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Reads the key of a request into an unauthenticated token, or nothing when it carries none. */
    public static ServerAuthenticationConverter converter() {
        return (ServerWebExchange exchange) -> Mono.justOrEmpty(keyOf(exchange.getRequest()))
                .map(key -> new PresentedKey(key));
    }

    private static Optional<String> keyOf(ServerHttpRequest request) {
        String key = request.getHeaders().getFirst(HEADER);
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.trim());
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof PresentedKey presented)) {
            return Mono.empty();
        }
        SecurityProperties.ApiKeyAccount account = byDigest.get(sha256Hex(presented.key));
        if (account == null) {
            return Mono.error(new BadCredentialsException("unknown API key in " + HEADER));
        }
        return Mono.just(new CallerAuthentication(
                Caller.system(account.name(), account.roles(), account.department()), null));
    }

    /** A key as the caller sent it, before it is checked. */
    static final class PresentedKey extends org.springframework.security.authentication.AbstractAuthenticationToken {

        private final transient String key;

        PresentedKey(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return "api-key";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PresentedKey that && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }
}
