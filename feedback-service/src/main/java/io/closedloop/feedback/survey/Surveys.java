package io.closedloop.feedback.survey;

import io.closedloop.feedback.letter.Language;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/** The {@code survey} table: one survey per complaint and resolution round. */
@Repository
public class Surveys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    public Surveys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The round's survey, created with a new unguessable token unless it exists. */
    public Survey open(String complaintId, int round, Language language, Instant now, Duration validFor) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into survey (survey_id, complaint_id, round, token, language, created_at, expires_at)
                        values (:id, :complaintId, :round, :token, :language, :now, :expires)
                        on conflict (complaint_id, round) do nothing""")
                .param("id", surveyId(complaintId, round))
                .param("complaintId", complaintId)
                .param("round", round)
                .param("token", token)
                .param("language", language.code())
                .param("now", ts(now))
                .param("expires", ts(now.plus(validFor)))
                .update();
        return byId(surveyId(complaintId, round)).orElseThrow();
    }

    public static String surveyId(String complaintId, int round) {
        return "survey-" + complaintId + "-r" + round;
    }

    public Optional<Survey> byToken(String token) {
        return jdbc.sql("select * from survey where token = ?").param(token).query(ROWS).optional();
    }

    public Optional<Survey> byId(String surveyId) {
        return jdbc.sql("select * from survey where survey_id = ?").param(surveyId).query(ROWS).optional();
    }

    public Optional<Survey> of(String complaintId, int round) {
        return byId(surveyId(complaintId, round));
    }

    /** @return true if this answer is the survey's first (the only one that counts) */
    public boolean answer(String surveyId, int score, String comment, String method, String takenBy, Instant now) {
        return jdbc.sql("""
                        update survey set answered_at = :now, score = :score, comment = :comment, method = :method,
                            taken_by = :takenBy
                        where survey_id = :id and answered_at is null""")
                .param("id", surveyId)
                .param("now", ts(now))
                .param("score", score)
                .param("comment", comment)
                .param("method", method)
                .param("takenBy", takenBy)
                .update() == 1;
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<Survey> ROWS = (rs, n) -> new Survey(rs.getString("survey_id"),
            rs.getString("complaint_id"), rs.getInt("round"), rs.getString("token"),
            Language.ofCode(rs.getString("language")), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("answered_at")),
            (Integer) rs.getObject("score"), rs.getString("comment"), rs.getString("method"));
}
