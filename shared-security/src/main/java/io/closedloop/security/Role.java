package io.closedloop.security;

import java.util.Locale;
import java.util.Optional;

/**
 * The platform's roles. A person or a system holds one or more; what each may do is decided per service by its
 * {@link AccessRules}, and which complaints it may see by {@link Caller#maySee(String)}.
 */
public enum Role {
    /** A customer-service agent: files complaints taken by phone or at the desk, talks to customers, sees all. */
    AGENT(true),
    /** A person in a department: works the complaints assigned to that department, and only those. */
    DEPARTMENT_USER(false),
    /** A customer-service supervisor: corrects classifications, transfers, approves, sees all. */
    SUPERVISOR(true),
    /** Reads everything, changes nothing. */
    AUDITOR(true),
    /** Configures the platform: rules, calendars, clock policies, projections. */
    ADMIN(true),
    /** A channel adapter system (mail gateway, social media, phone system): files complaints, reads none. */
    CHANNEL_ADAPTER(false),
    /** A department's own system: like a department user, for the department it belongs to. */
    DEPARTMENT_SYSTEM(false),
    /**
     * Another Closed Loop service acting for the platform, e.g. feedback reading the complainant's address to send
     * the result letter. Holds only what each service grants it by name; its reads of personal data are recorded.
     */
    PLATFORM_SERVICE(true);

    private final boolean seesAllDepartments;

    Role(boolean seesAllDepartments) {
        this.seesAllDepartments = seesAllDepartments;
    }

    /** The Spring Security authority, as {@code hasRole("SUPERVISOR")} expects it. */
    public String authority() {
        return "ROLE_" + name();
    }

    boolean seesAllDepartments() {
        return seesAllDepartments;
    }

    /**
     * A role as an identity provider spells it in a token's roles claim: {@code department-user},
     * {@code DEPARTMENT_USER} and {@code ROLE_DEPARTMENT_USER} are the same role. Unknown names are not ours (an IdP
     * gives tokens roles for other applications too) and are ignored.
     */
    public static Optional<Role> fromClaim(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (name.startsWith("ROLE_")) {
            name = name.substring("ROLE_".length());
        }
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
