package io.closedloop.security.session;

import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a service keeps its sign-in sessions in its database. The database work itself is tested against a real
 * PostgreSQL in intake's AccessControlIT; no connection is made here.
 */
class SignInSessionsTest {

    private final ReactiveWebApplicationContextRunner service = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SignInSessions.class));

    @Test
    void aServiceWithADatabaseKeepsItsSessionsThereAndMigratesTheirTables() {
        service.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://localhost:1/none"))
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcIndexedSessionRepository.class);
                    assertThat(context.getBean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME))
                            .isInstanceOf(DefaultWebSessionManager.class);
                    assertThat(context.getBeansOfType(JavaMigration.class).values())
                            .singleElement().isInstanceOf(SignInSessionTables.class);
                });
    }

    @Test
    void memoryKeepsThemInTheReplicaAsSpringDoes() {
        service.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://localhost:1/none"))
                .withPropertyValues("closedloop.security.sign-in-sessions=memory")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(JdbcIndexedSessionRepository.class);
                    assertThat(context).doesNotHaveBean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME);
                });
    }

    @Test
    void aServiceWithoutADatabaseKeepsThemInMemory() {
        service.run(context -> assertThat(context).doesNotHaveBean(JdbcIndexedSessionRepository.class));
    }
}
