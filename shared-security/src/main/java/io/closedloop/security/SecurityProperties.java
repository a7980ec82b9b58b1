package io.closedloop.security;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code closedloop.security.*}: who may sign in. JWTs are configured with Spring Boot's own
 * {@code spring.security.oauth2.resourceserver.jwt.*} (issuer-uri, jwk-set-uri or public-key-location); only the
 * names of our claims are set here.
 *
 * @param demoCredentials  adds the demo users and API keys of {@link DemoCredentials} (the one-command platform turns
 *                         this on; a real deployment must not)
 * @param users            people who sign in with a password (HTTP Basic or the sign-in page)
 * @param apiKeys          systems that send {@code X-Api-Key}
 * @param jwt              how our roles and department are read from a token
 */
@ConfigurationProperties("closedloop.security")
public record SecurityProperties(@DefaultValue("false") boolean demoCredentials,
                                 @DefaultValue List<UserAccount> users,
                                 @DefaultValue List<ApiKeyAccount> apiKeys,
                                 @DefaultValue Jwt jwt) {

    /**
     * @param password Spring Security's encoded form: {@code {bcrypt}$2a$...} (or {@code {noop}secret} for a test)
     */
    public record UserAccount(String username, String password, Set<Role> roles, String department) {
        public UserAccount {
            require(username, "closedloop.security.users[].username");
            require(password, "closedloop.security.users[" + username + "].password");
            require(roles, "closedloop.security.users[" + username + "].roles");
        }
    }

    /**
     * @param name      the caller's name, recorded as the actor of what it does
     * @param keySha256 the SHA-256 of the key, in hex: the configuration never holds the key itself
     */
    public record ApiKeyAccount(String name, String keySha256, Set<Role> roles, String department) {
        public ApiKeyAccount {
            require(name, "closedloop.security.api-keys[].name");
            require(roles, "closedloop.security.api-keys[" + name + "].roles");
            if (keySha256 == null || !keySha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("closedloop.security.api-keys[" + name + "].key-sha256 must be the"
                        + " SHA-256 of the key in hex (64 characters), e.g. from `echo -n KEY | sha256sum`");
            }
        }
    }

    private static void require(Object value, String property) {
        if (value == null || value instanceof String text && text.isBlank()
                || value instanceof Set<?> set && set.isEmpty()) {
            throw new IllegalArgumentException(property + " must be set");
        }
    }

    /**
     * @param nameClaim       the claim naming the caller (falls back to {@code sub})
     * @param rolesClaim      a list (or space-separated string) of role names
     * @param departmentClaim the department code of a department user or system
     */
    public record Jwt(@DefaultValue("preferred_username") String nameClaim,
                      @DefaultValue("roles") String rolesClaim,
                      @DefaultValue("department") String departmentClaim) {
    }
}
