package io.closedloop.security;

import java.io.Serializable;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling: the name recorded as the actor of what they do, their roles, and the department they belong to
 * (department users and department systems only). Serializable: a person signed in on the sign-in page is kept in the
 * service's database as this ({@link io.closedloop.security.session.SignInSessions}).
 *
 * @param name       the user name, key name or token subject
 * @param person     true for a person (whose reads of personal data are recorded), false for a system
 * @param roles      never empty for an authenticated caller
 * @param department the department code, or null when the caller belongs to none
 */
public record Caller(String name, boolean person, Set<Role> roles, String department) implements Serializable {

    private static final int MAX_ACTOR = 100;

    /** No one: holds no role and sees no complaint. */
    public static final Caller ANONYMOUS = new Caller("anonymous", false, Set.of(), null);

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (department != null && department.isBlank()) {
            department = null;
        }
    }

    public static Caller person(String name, Collection<Role> roles, String department) {
        return new Caller(name, true, Set.copyOf(roles), department);
    }

    public static Caller system(String name, Collection<Role> roles, String department) {
        return new Caller(name, false, Set.copyOf(roles), department);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Agents, supervisors, auditors and administrators see the complaints of every department. */
    public boolean seesAllDepartments() {
        return roles.stream().anyMatch(Role::seesAllDepartments);
    }

    /**
     * Whether this caller may see (and, where its role allows, act on) a complaint assigned to {@code department}.
     * A department user or system sees only its own department's complaints; a complaint not yet assigned belongs to
     * no department and is seen only by those who see all.
     */
    public boolean maySee(String complaintDepartment) {
        if (seesAllDepartments()) {
            return true;
        }
        boolean departmental = has(Role.DEPARTMENT_USER) || has(Role.DEPARTMENT_SYSTEM);
        return departmental && department != null && department.equals(complaintDepartment);
    }

    /**
     * Who is recorded as having done what this caller asks, given whom the request's {@code X-Actor} header names.
     * A person signed in acts as themselves: a header naming anyone else is refused, so that a change to routing
     * rules or calendars can be traced to the person who made it. A system (an API key) may name the person it acts
     * for, and both are recorded: {@code ops-lin via deploy-pipeline}.
     *
     * @param claimed the header, or null
     * @throws IllegalArgumentException if a person names someone else, or the name is longer than 100 characters
     *                                  (the message says why, for a 400 naming X-Actor)
     */
    public String actorFor(String claimed) {
        if (claimed == null || claimed.isBlank()) {
            return name;
        }
        String who = claimed.strip();
        if (who.length() > MAX_ACTOR) {
            throw new IllegalArgumentException("is longer than " + MAX_ACTOR + " characters");
        }
        if (person) {
            if (!who.equals(name)) {
                throw new IllegalArgumentException("names '" + who + "', but " + name
                        + " is signed in: a person acts as themselves (leave X-Actor out)");
            }
            return name;
        }
        return who + " via " + name;
    }

    /** Roles that only read: an auditor may hold no role that writes. */
    public boolean readOnly() {
        return roles.equals(Set.of(Role.AUDITOR));
    }
}
