package io.closedloop.security.session;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Statement;

/**
 * Spring Session's two tables (its {@code schema-postgresql.sql}), as a repeatable Flyway migration that every service
 * runs with its own: the tables are in each service's Flyway history, created under Flyway's lock (two replicas
 * starting together do not race), and this one definition serves all five services instead of a copy among each
 * one's numbered migrations. {@code if not exists}: a repeatable migration runs again whenever its checksum changes.
 */
final class SignInSessionTables implements JavaMigration {

    /** Raise it when {@link #DDL} changes, so that Flyway runs it again. */
    private static final int CHECKSUM = 1;

    private static final String DDL = """
            create table if not exists spring_session (
                primary_id char(36) not null,
                session_id char(36) not null,
                creation_time bigint not null,
                last_access_time bigint not null,
                max_inactive_interval int not null,
                expiry_time bigint not null,
                principal_name varchar(100),
                constraint spring_session_pk primary key (primary_id)
            );
            create unique index if not exists spring_session_ix1 on spring_session (session_id);
            create index if not exists spring_session_ix2 on spring_session (expiry_time);
            create index if not exists spring_session_ix3 on spring_session (principal_name);
            create table if not exists spring_session_attributes (
                session_primary_id char(36) not null,
                attribute_name varchar(200) not null,
                attribute_bytes bytea not null,
                constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
                constraint spring_session_attributes_fk foreign key (session_primary_id)
                    references spring_session (primary_id) on delete cascade
            );
            """;

    @Override
    public MigrationVersion getVersion() {
        return null; // repeatable
    }

    @Override
    public String getDescription() {
        return "sign-in sessions (shared-security)";
    }

    @Override
    public Integer getChecksum() {
        return CHECKSUM;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(DDL);
        }
    }
}
