package io.closedloop.intake.privacy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.closedloop.security.Caller;
import io.closedloop.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The record of who read which complainant's personal data, and when: PIPL and GDPR ask that it be kept. */
@Repository
public class PersonalDataReads {

    /** One read, as an auditor sees it. */
    public record Read(String complaintId, String reader, boolean person, String roles, String department,
                       String purpose, Instant readAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public PersonalDataReads(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a read; committed before the caller returns, so before the data leaves. */
    @Transactional
    public void record(String complaintId, Caller reader, String purpose) {
        jdbc.sql("""
                        insert into personal_data_read (complaint_id, reader, reader_is_person, reader_roles,
                            reader_department, purpose, read_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(complaintId, reader.name(), reader.person(),
                        reader.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                        reader.department(), purpose, Timestamp.from(clock.instant()))
                .update();
    }

    /** The newest reads first, of one complaint and / or by one reader (null: any). */
    public List<Read> find(String complaintId, String reader, int limit) {
        return jdbc.sql("""
                        select complaint_id, reader, reader_is_person, reader_roles, reader_department, purpose, read_at
                        from personal_data_read
                        where (cast(? as varchar) is null or complaint_id = ?)
                          and (cast(? as varchar) is null or reader = ?)
                        order by read_at desc, id desc
                        limit ?""")
                .params(complaintId, complaintId, reader, reader, limit)
                .query((rs, row) -> new Read(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
