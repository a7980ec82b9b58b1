package io.closedloop.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A person who signs in with a user name and password (HTTP Basic or the sign-in page), with their department. */
public final class CallerUserDetails extends User {

    private final Caller caller;

    public CallerUserDetails(Caller caller, String encodedPassword) {
        super(caller.name(), encodedPassword,
                caller.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerUserDetails that && caller.equals(that.caller) && super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
