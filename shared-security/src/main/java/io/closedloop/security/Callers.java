package io.closedloop.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/** The caller of the request being handled. */
public final class Callers {

    private Callers() {
    }

    /** The current caller, or {@link Caller#ANONYMOUS} on a public route. Never empty. */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .map(Callers::of)
                .defaultIfEmpty(Caller.ANONYMOUS);
    }

    /** The caller an authentication stands for, whichever way it signed in. */
    public static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Caller.ANONYMOUS;
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof Caller caller) {
            return caller;
        }
        if (principal instanceof CallerUserDetails user) {
            return user.caller();
        }
        return Caller.ANONYMOUS;
    }
}
