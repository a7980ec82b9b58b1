package io.closedloop.security.session;

import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.web.server.Cookie;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.FlushMode;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The sign-in page's sessions are kept in the service's own PostgreSQL (Spring Session JDBC), not in one replica's
 * memory: a person signed in stays signed in whichever replica answers, and through a replica's restart. API keys,
 * HTTP Basic and tokens need no session and never create one.
 * <p>
 * Spring Boot configures Spring Session JDBC for servlet applications only, so this declares the WebFlux session
 * manager itself: Spring Session's store over {@link BlockingSessionRepository}, and the session cookie as
 * {@code server.reactive.session.cookie.*} says (each service names its own, see its application.yml). The sessions
 * last {@code server.reactive.session.timeout} without use (30 minutes by default); the repository deletes expired
 * ones every minute. {@code closedloop.security.sign-in-sessions=memory} keeps them in memory, as Spring does.
 * <p>
 * What is stored is the signed-in person's {@link io.closedloop.security.Caller} (name, roles, department), Java
 * serialized as Spring Session does; never a password, which {@code ClosedLoopSecurityAutoConfiguration} drops from
 * the authentication after sign-in.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        beforeName = "org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(JavaMigration.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "closedloop.security", name = "sign-in-sessions", havingValue = "database",
        matchIfMissing = true)
public class SignInSessions {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    /** Picked up by Spring Boot's Flyway configuration with the service's own migrations. */
    @Bean
    JavaMigration signInSessionTables() {
        return new SignInSessionTables();
    }

    @Bean
    JdbcIndexedSessionRepository signInSessionRepository(DataSource dataSource,
            ObjectProvider<ServerProperties> server) {
        // its own transaction manager: a service may have several (Kafka's, Axon's), and these are plain JDBC work
        JdbcIndexedSessionRepository sessions = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        Duration timeout = server.stream().map(s -> s.getReactive().getSession().getTimeout()).findFirst()
                .orElse(DEFAULT_TIMEOUT);
        sessions.setDefaultMaxInactiveInterval(timeout);
        // BlockingSessionRepository counts on new sessions staying in memory until saved
        sessions.setFlushMode(FlushMode.ON_SAVE);
        return sessions;
    }

    @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
    WebSessionManager webSessionManager(JdbcIndexedSessionRepository sessions,
            ObjectProvider<ServerProperties> server) {
        DefaultWebSessionManager manager = new DefaultWebSessionManager();
        manager.setSessionStore(new SpringSessionWebSessionStore<>(BlockingSessionRepository.over(sessions)));
        CookieWebSessionIdResolver cookies = new CookieWebSessionIdResolver();
        server.ifAvailable(properties -> configure(cookies, properties.getReactive().getSession().getCookie()));
        manager.setSessionIdResolver(cookies);
        return manager;
    }

    /** As Spring Boot's own session manager applies {@code server.reactive.session.cookie.*}. */
    private static void configure(CookieWebSessionIdResolver resolver, Cookie cookie) {
        PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
        map.from(cookie::getName).whenHasText().to(resolver::setCookieName);
        resolver.addCookieInitializer(builder -> {
            map.from(cookie::getDomain).to(builder::domain);
            map.from(cookie::getPath).to(builder::path);
            map.from(cookie::getHttpOnly).to(builder::httpOnly);
            map.from(cookie::getSecure).to(builder::secure);
            map.from(cookie::getMaxAge).to(builder::maxAge);
            map.from(cookie::getSameSite).as(Cookie.SameSite::attributeValue).to(builder::sameSite);
        });
    }
}
