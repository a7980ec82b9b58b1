package io.closedloop.security.session;

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

    @Override
    public Mono<S> findById(String id) {
        return Mono.fromSupplier(() -> sessions.findById(id)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> deleteById(String id) {
        return Mono.fromRunnable(() -> sessions.deleteById(id)).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
