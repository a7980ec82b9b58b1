package io.closedloop.security.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link ReactiveSessionRepository} over a blocking {@link SessionRepository}, whose database calls run on Reactor's
 * bounded-elastic threads, off the event loop. Spring Session ships reactive repositories for Redis and MongoDB only;
 * the platform's one store is PostgreSQL, and Spring Session's repository for it (JDBC) is blocking.
 *
 * @param <S> the repository's session type
 */
final class BlockingSessionRepository<S extends Session> implements ReactiveSessionRepository<S> {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingSessionRepository.class);

    private final SessionRepository<S> sessions;

    private BlockingSessionRepository(SessionRepository<S> sessions) {
        this.sessions = sessions;
    }

    /**
     * @param sessions a repository whose {@code createSession} does not touch the database (JDBC's, flushing on save:
     *                 every request without a session cookie asks for a new session, and most never keep it)
     */
    static <S extends Session> BlockingSessionRepository<S> over(SessionRepository<S> sessions) {
        return new BlockingSessionRepository<>(sessions);
    }

    @Override
    public Mono<S> createSession() {
        return Mono.fromSupplier(sessions::createSession);
    }

    @Override
    public Mono<Void> save(S session) {
        return Mono.fromRunnable(() -> sessions.save(session)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /**
     * The session, or none if it has expired or can no longer be read. A session stored by an older version of the
     * platform may hold classes that no longer deserialize (Spring Security changes its serial version with every
     * minor release); Spring Session would fail every request that carries its cookie. Reading each attribute here
     * turns that into "signed out": the session is deleted, and the person signs in again.
     */
    @Override
    public Mono<S> findById(String id) {
        return Mono.fromSupplier(() -> readable(id)).subscribeOn(Schedulers.boundedElastic());
    }

    private S readable(String id) {
        try {
            S session = sessions.findById(id);
            if (session != null) {
                session.getAttributeNames().forEach(session::getAttribute);
            }
            return session;
        } catch (RuntimeException unreadable) {
            // not the id in the log: it is the person's credential while the session lasts
            LOG.warn("A sign-in session can no longer be read and is deleted (its person signs in again): {}",
                    unreadable.toString());
            sessions.deleteById(id);
            return null;
        }
    }

    @Override
    public Mono<Void> deleteById(String id) {
        return Mono.fromRunnable(() -> sessions.deleteById(id)).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
