package io.closedloop.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The shared chain in a small WebFlux application, with every way of signing in. */
// a machine busy with other builds can take seconds for the first request
@org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient(timeout = "PT60S")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = SecurityChainTest.App.class,
        properties = {"closedloop.security.demo-credentials=true",
                "closedloop.security.api-keys[0].name=billing-system",
                // sha256("billing-secret")
                "closedloop.security.api-keys[0].key-sha256=12d043d4bd516bc34ea9e95648e9a12329d2d851840fb60b83822997f1382e17",
                "closedloop.security.api-keys[0].roles=DEPARTMENT_SYSTEM",
                "closedloop.security.api-keys[0].department=billing"})
class SecurityChainTest {

    static final KeyPair IDP_KEYS = rsaKeys();

    @org.springframework.test.context.DynamicPropertySource
    static void hashedPassword(org.springframework.test.context.DynamicPropertyRegistry registry) {
        // a list is bound from one property source only, so the whole user is given here
        registry.add("closedloop.security.users[0].username", () -> "li");
        registry.add("closedloop.security.users[0].roles", () -> "SUPERVISOR");
        registry.add("closedloop.security.users[0].password", () -> "{bcrypt}"
                + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode("li-password"));
    }

    @Autowired
    WebTestClient web;

    @Test
    void aRequestWithoutCredentialsGetsAProblemNamingTheWaysToSignIn() {
        web.get().uri("/api/complaints/c-1").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, SecurityProblems.CHALLENGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("authentication")
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("X-Api-Key"));
    }

    /** The firewall refuses an encoded percent sign in the path before anything else: still a problem, naming it. */
    @Test
    void aPathTheFirewallRefusesGetsAProblemNamingThePath() {
        web.get().uri("/api/complaints/{id}", "%00").header(ApiKeys.HEADER, DemoCredentials.ADMIN_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("path");
    }

    @Test
    void anUnknownKeyIsRefusedAndAKnownOneNamesItsSystemAndDepartment() {
        web.get().uri("/api/complaints/c-1").header(ApiKeys.HEADER, "guessed").exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/api/whoami").header(ApiKeys.HEADER, "demo-after-sales-key").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("after-sales-system")
                .jsonPath("$.person").isEqualTo(false)
                .jsonPath("$.department").isEqualTo("after-sales")
                .jsonPath("$.roles[0]").isEqualTo("DEPARTMENT_SYSTEM");
    }

    @Test
    void aConfiguredKeyIsFoundByTheDigestOfWhatTheCallerSent() {
        // the digest as `echo -n billing-secret | sha256sum` prints it, which is how an operator configures a key
        org.assertj.core.api.Assertions.assertThat(ApiKeys.sha256Hex("billing-secret"))
                .isEqualTo("12d043d4bd516bc34ea9e95648e9a12329d2d851840fb60b83822997f1382e17");
        web.get().uri("/api/whoami").header(ApiKeys.HEADER, "billing-secret").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("billing-system")
                .jsonPath("$.department").isEqualTo("billing");
    }

    @Test
    void aRoleTheServiceDidNotOpenARouteToIsForbidden() {
        web.post().uri("/api/rules").header(ApiKeys.HEADER, "demo-adapter-key").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("role");
        web.post().uri("/api/rules").header(ApiKeys.HEADER, DemoCredentials.ADMIN_KEY).exchange()
                .expectStatus().isOk();
    }

    @Test
    void routesAServiceDidNotListAreForAdministratorsOnly() {
        web.get().uri("/api/unlisted").headers(h -> h.setBasicAuth("supervisor", "supervisor-demo")).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/unlisted").headers(h -> h.setBasicAuth("admin", "admin-demo")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void anAuditorReadsEverythingAndChangesNothingEvenWhereTheServiceOpenedTheRoute() {
        web.get().uri("/api/complaints/c-1").header(ApiKeys.HEADER, "demo-auditor-key").exchange()
                .expectStatus().isOk();
        web.post().uri("/api/complaints/c-1/notes").header(ApiKeys.HEADER, "demo-auditor-key").exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/complaints/c-1/notes").headers(h -> h.setBasicAuth("agent", "agent-demo")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void aPersonSignsInWithAHashedPasswordAndAWrongOneIsRefused() {
        web.get().uri("/api/whoami").headers(h -> h.setBasicAuth("li", "li-password")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("li").jsonPath("$.person").isEqualTo(true);
        web.get().uri("/api/whoami").headers(h -> h.setBasicAuth("li", "wrong")).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aBrowserAskingForAPageIsSentToTheSignInPageWhichExists() {
        web.get().uri("/api/complaints/c-1").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/login");
        web.get().uri("/login").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> org.assertj.core.api.Assertions.assertThat(page)
                        .contains("登录", "Sign in", "name=\"username\"", "name=\"password\""));
    }

    @Test
    void aPersonWhoSignsInOnThePageKeepsASessionForTheDashboardsRequests() {
        org.springframework.util.LinkedMultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("username", "supervisor");
        form.add("password", "supervisor-demo");
        var signIn = web.post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isFound()
                .returnResult(Void.class);
        org.springframework.http.ResponseCookie session = signIn.getResponseCookies().getFirst("SESSION");
        org.assertj.core.api.Assertions.assertThat(session).isNotNull();
        web.get().uri("/api/whoami").cookie("SESSION", session.getValue()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("supervisor");

        form.set("password", "wrong");
        web.post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/login?error");
    }

    @Test
    void aSignInThatIsNotFormDataIsAClientErrorNotAServerError() {
        web.post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=supervisor&password=%zz").exchange()
                .expectStatus().value(status -> org.assertj.core.api.Assertions.assertThat(status).isBetween(300, 499));
    }

    @Test
    void healthIsOpenToTheOrchestrator() {
        web.get().uri("/actuator/health").exchange().expectStatus().value(status ->
                org.assertj.core.api.Assertions.assertThat(status).isNotIn(401, 403));
    }

    @Test
    void aTokenFromTheIdentityProviderGivesItsRolesAndDepartmentAndIgnoresOtherApplicationsRoles() throws Exception {
        String token = token(Map.of("sub", "u-7", "preferred_username", "wang.fang",
                "roles", List.of("department-user", "crm-admin"), "department", "logistics"));
        web.get().uri("/api/whoami").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("wang.fang")
                .jsonPath("$.person").isEqualTo(true)
                .jsonPath("$.department").isEqualTo("logistics")
                .jsonPath("$.roles.length()").isEqualTo(1);
        web.post().uri("/api/rules").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        KeyPair stranger = rsaKeys();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("mallory").claim("roles", List.of("admin"))
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(stranger.getPrivate()));
        web.get().uri("/api/whoami").headers(h -> h.setBearerAuth(jwt.serialize())).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aDepartmentCallerSeesOnlyItsOwnDepartment() {
        Caller afterSales = Caller.system("after-sales-system", List.of(Role.DEPARTMENT_SYSTEM), "after-sales");
        org.assertj.core.api.Assertions.assertThat(afterSales.maySee("after-sales")).isTrue();
        org.assertj.core.api.Assertions.assertThat(afterSales.maySee("logistics")).isFalse();
        org.assertj.core.api.Assertions.assertThat(afterSales.maySee(null)).isFalse();
        Caller supervisor = Caller.person("li", List.of(Role.SUPERVISOR), null);
        org.assertj.core.api.Assertions.assertThat(supervisor.maySee(null)).isTrue();
        Caller lost = Caller.person("x", List.of(Role.DEPARTMENT_USER), null);
        org.assertj.core.api.Assertions.assertThat(lost.maySee(null)).isFalse();
    }

    private static String token(Map<String, Object> claimValues) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(600)));
        claimValues.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner(IDP_KEYS.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootApplication
    static class App {

        @Bean
        ReactiveJwtDecoder identityProvider() {
            return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) IDP_KEYS.getPublic()).build();
        }

        @Bean
        AccessRules testRules() {
            return exchanges -> exchanges
                    .pathMatchers(HttpMethod.POST, "/api/rules").hasRole(Role.ADMIN.name())
                    .pathMatchers("/api/complaints/**").authenticated()
                    .pathMatchers("/api/whoami").authenticated();
        }

        @RestController
        static class Probe {

            @GetMapping("/api/whoami")
            Mono<Caller> whoAmI() {
                return Callers.current();
            }

            @GetMapping("/api/complaints/{id}")
            Mono<String> complaint(@PathVariable String id) {
                return Mono.just(id);
            }

            @PostMapping("/api/complaints/{id}/notes")
            Mono<String> note(@PathVariable String id) {
                return Mono.just("noted");
            }

            @PostMapping("/api/rules")
            Mono<String> rules() {
                return Mono.just("changed");
            }

            @GetMapping("/api/unlisted")
            Mono<String> unlisted() {
                return Mono.just("unlisted");
            }
        }
    }
}
