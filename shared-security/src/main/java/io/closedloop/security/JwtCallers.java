package io.closedloop.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * Turns a verified JWT from the identity provider into a {@link Caller}: our roles from the roles claim (roles of
 * other applications are ignored), the department from the department claim. A token that carries only system
 * roles stands for a system (client credentials); any other for a person.
 */
final class JwtCallers implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private final SecurityProperties.Jwt claims;

    JwtCallers(SecurityProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        rolesClaim(jwt).forEach(value -> Role.fromClaim(value).ifPresent(roles::add));
        String name = jwt.hasClaim(claims.nameClaim()) ? jwt.getClaimAsString(claims.nameClaim()) : jwt.getSubject();
        String department = jwt.getClaimAsString(claims.departmentClaim());
        boolean system = !roles.isEmpty()
                && roles.stream().allMatch(role -> role == Role.CHANNEL_ADAPTER || role == Role.DEPARTMENT_SYSTEM
                        || role == Role.PLATFORM_SERVICE);
        Caller caller = new Caller(name == null ? "unnamed" : name, !system, roles, department);
        return Mono.just(new CallerAuthentication(caller, jwt));
    }

    private Collection<String> rolesClaim(Jwt jwt) {
        Object value = jwt.getClaim(claims.rolesClaim());
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (value instanceof String text) {
            return List.of(text.split("[\\s,]+"));
        }
        return List.of();
    }
}
