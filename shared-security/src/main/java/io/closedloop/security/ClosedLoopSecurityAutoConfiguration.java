package io.closedloop.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.MediaTypeServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every service's security: who the caller is, and what its role lets it call. Callers are recognised, in this
 * order, by an API key ({@code X-Api-Key}: channel adapters, department systems, tools), a JWT bearer token from the
 * organisation's identity provider (when {@code spring.security.oauth2.resourceserver.jwt.*} is set) or a user name
 * and password (HTTP Basic for scripts, the sign-in page for people in a browser, who then keep a session cookie).
 * The routes a service opens to each role come from its {@link AccessRules} bean.
 */
@AutoConfiguration(before = {ReactiveSecurityAutoConfiguration.class,
        ReactiveUserDetailsServiceAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class})
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class ClosedLoopSecurityAutoConfiguration {

    /** Open to anyone on every service: health for the orchestrator, metrics for the scraper, the API docs. */
    static final String[] PUBLIC_ROUTES = {"/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/login", "/favicon.ico"};

    /** The firewall's refusals as problem+json too ({@link SecurityProblems#rejected()}). */
    @Bean
    static BeanPostProcessor closedLoopFirewallProblems(ObjectProvider<ObjectMapper> objectMapper) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof WebFilterChainProxy chains) {
                    chains.setExchangeRejectedHandler(
                            new SecurityProblems(objectMapper.getIfAvailable(ObjectMapper::new)).rejected());
                }
                return bean;
            }
        };
    }

    @Bean
    AccessDeniedResponses closedLoopAccessDeniedResponses() {
        return new AccessDeniedResponses();
    }

    @Bean
    ReactiveUserDetailsService closedLoopUsers(SecurityProperties properties) {
        List<CallerUserDetails> users = new ArrayList<>();
        properties.users().forEach(user -> users.add(new CallerUserDetails(
                Caller.person(user.username(), user.roles(), user.department()), user.password())));
        if (properties.demoCredentials()) {
            // {noop}: the demo passwords are published in the README, so hashing them would protect nothing
            DemoCredentials.USERS.forEach(user -> users.add(new CallerUserDetails(
                    Caller.person(user.username(), Set.of(user.role()), user.department()),
                    "{noop}" + user.password())));
        }
        Map<String, UserDetails> byName = users.stream().collect(Collectors.toUnmodifiableMap(
                UserDetails::getUsername, Function.identity(), (first, second) -> {
                    throw new IllegalArgumentException("user " + first.getUsername() + " is configured twice");
                }));
        return username -> Mono.justOrEmpty(byName.get(username));
    }

    @Bean
    SecurityWebFilterChain closedLoopSecurityChain(ServerHttpSecurity http, SecurityProperties properties,
                                                   List<AccessRules> serviceRules,
                                                   ReactiveUserDetailsService users,
                                                   ObjectProvider<ReactiveJwtDecoder> jwtDecoder,
                                                   ObjectProvider<ObjectMapper> objectMapper) {
        SecurityProblems problems = new SecurityProblems(objectMapper.getIfAvailable(ObjectMapper::new));
        ServerAuthenticationEntryPoint unauthenticated = entryPoint(problems);

        List<SecurityProperties.ApiKeyAccount> keys = new ArrayList<>(properties.apiKeys());
        if (properties.demoCredentials()) {
            keys.addAll(DemoCredentials.apiKeys());
        }
        AuthenticationWebFilter apiKeyFilter = new AuthenticationWebFilter(new ApiKeys(keys));
        apiKeyFilter.setServerAuthenticationConverter(ApiKeys.converter());
        apiKeyFilter.setAuthenticationFailureHandler(
                new ServerAuthenticationEntryPointFailureHandler(problems.unauthenticated()));

        UserDetailsRepositoryReactiveAuthenticationManager passwords =
                new UserDetailsRepositoryReactiveAuthenticationManager(users);
        passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        // Once the password is checked, the person is their Caller alone: Spring's token would carry the user's
        // password hash as its credentials, and the sign-in page's session is stored in the database (SignInSessions).
        ReactiveAuthenticationManager people = authentication -> passwords.authenticate(authentication)
                .map(signedIn -> signedIn.getPrincipal() instanceof CallerUserDetails user
                        ? new CallerAuthentication(user.caller(), null) : signedIn);

        http
                // Cross-site request forgery needs a browser that sends a credential by itself. API callers send
                // theirs explicitly, and the session cookie of the sign-in page is SameSite=Lax (Spring's default),
                // which a browser does not send on another site's POST.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .addFilterAt(apiKeyFilter, SecurityWebFiltersOrder.AUTHENTICATION)
                .httpBasic(basic -> basic.authenticationManager(people).authenticationEntryPoint(unauthenticated))
                .formLogin(form -> form.authenticationManager(people).loginPage("/login"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(problems.forbidden()))
                .addFilterAfter(new ReadOnlyCallers(), SecurityWebFiltersOrder.AUTHORIZATION)
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(PUBLIC_ROUTES).permitAll();
                    serviceRules.forEach(rules -> rules.apply(exchanges));
                    exchanges.anyExchange().hasRole(Role.ADMIN.name());
                });
        jwtDecoder.ifAvailable(decoder -> http.oauth2ResourceServer(server -> server
                .authenticationEntryPoint(unauthenticated)
                .accessDeniedHandler(problems.forbidden())
                .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(new JwtCallers(properties.jwt())))));
        return http.build();
    }

    /** The sign-in page, in Chinese and English; the form posts to {@code /login}, where the chain checks it. */
    @Bean
    RouterFunction<ServerResponse> closedLoopSignInPage() {
        Resource page = new ClassPathResource("io/closedloop/security/sign-in.html");
        return RouterFunctions.route(RequestPredicates.GET("/login"), request -> ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .bodyValue(page));
    }

    /** A person's browser asking for a page is sent to the sign-in page; everything else gets a 401 problem. */
    private static ServerAuthenticationEntryPoint entryPoint(SecurityProblems problems) {
        MediaTypeServerWebExchangeMatcher html = new MediaTypeServerWebExchangeMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        ServerWebExchangeMatcher notScript = new NegatedServerWebExchangeMatcher(exchange ->
                "XMLHttpRequest".equals(exchange.getRequest().getHeaders().getFirst("X-Requested-With"))
                        ? ServerWebExchangeMatcher.MatchResult.match()
                        : ServerWebExchangeMatcher.MatchResult.notMatch());
        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                        new AndServerWebExchangeMatcher(html, notScript),
                        new RedirectServerAuthenticationEntryPoint("/login")));
        entryPoint.setDefaultEntryPoint(problems.unauthenticated());
        return entryPoint;
    }
}
