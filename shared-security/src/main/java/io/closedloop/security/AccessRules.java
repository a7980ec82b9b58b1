package io.closedloop.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * A service's own table of which roles may call which routes. Each service declares one bean; the shared chain
 * applies the public routes first, then these, then lets only administrators reach anything not listed, so a new
 * route is closed until someone decides who may use it.
 */
@FunctionalInterface
public interface AccessRules {

    void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges);

    /** Role names for {@code hasAnyRole(...)}. */
    static String[] roles(Role... roles) {
        String[] names = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            names[i] = roles[i].name();
        }
        return names;
    }
}
