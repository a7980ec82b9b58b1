package io.closedloop.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPostgresTest {

    @Test
    void keepsDataAcrossAStopAndAStartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("postgres");
        long pid;
        try (LocalPostgres pg = LocalPostgres.start(dataDir, 0, false)) {
            System.out.printf("PostgreSQL ready in %d ms (first start, incl. initdb)%n", pg.startupDuration().toMillis());
            assertThat(pg.isRunning()).isTrue();
            assertThat(pg.jdbcUrl("intake")).isEqualTo("jdbc:postgresql://localhost:" + pg.port() + "/intake");
            pg.createDatabaseIfMissing("intake");
            pg.createDatabaseIfMissing("intake"); // idempotent
            try (Connection c = connect(pg, "intake"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE complaint (id int PRIMARY KEY, text varchar(100))");
                s.execute("INSERT INTO complaint VALUES (1, '公交车晚点了')");
                assertThat(setting(s, "fsync")).isEqualTo("off"); // zonky's fast test defaults
                assertThat(setting(s, "synchronous_commit")).isEqualTo("off");
            }
            pid = pg.pid();
            assertThat(pid).isPositive();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();

        try (LocalPostgres pg = LocalPostgres.start(dataDir, 0, true)) {
            System.out.printf("PostgreSQL ready in %d ms (restart on existing data)%n", pg.startupDuration().toMillis());
            try (Connection c = connect(pg, "intake"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT text FROM complaint WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("公交车晚点了");
                assertThat(setting(s, "fsync")).isEqualTo("on");
                assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
                assertThat(setting(s, "full_page_writes")).isEqualTo("on");
            }
            assertThatThrownBy(() -> pg.createDatabaseIfMissing("bad; name")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Connection connect(LocalPostgres pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.username(), pg.password());
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
