package io.closedloop.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A caller recognised by an API key, a JWT or their password: the {@link Caller} is the principal. */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    /** Fixed, so that the sign-in sessions stored in the database survive a rebuild of this class. */
    private static final long serialVersionUID = 1L;

    private final Caller caller;
    private final transient Object credentials;

    public CallerAuthentication(Caller caller, Object credentials) {
        super(caller.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
        this.caller = caller;
        this.credentials = credentials;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return credentials;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && caller.equals(that.caller) && super.equals(other);
    }

    @Override
    public int hashCode() {
        return List.of(caller, super.hashCode()).hashCode();
    }
}
