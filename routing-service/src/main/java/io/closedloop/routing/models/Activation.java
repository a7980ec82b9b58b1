package io.closedloop.routing.models;

import java.time.Instant;

/**
 * One change of the active text model.
 *
 * @param previousActivation the activation it replaced (where a rollback goes back to), null for the first
 */
public record Activation(long id, int version, String stamp, Instant activatedAt, String activatedBy, String reason,
        Long previousActivation) {
}
