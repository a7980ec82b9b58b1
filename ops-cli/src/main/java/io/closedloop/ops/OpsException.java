package io.closedloop.ops;

/**
 * An expected failure (a service is down, a topic does not exist, a re-drive is refused): its message is printed as
 * it is, without a stack trace, and the command ends with its exit code.
 */
public class OpsException extends RuntimeException {

    /** The operation was refused or failed (e.g. a release failed again, a record was re-driven already). */
    public static final int FAILED = 1;
    /** Kafka or a service could not be reached in time. */
    public static final int UNREACHABLE = 3;
    /** {@code lag --fail-above}: a group is further behind than allowed. */
    public static final int LAG_TOO_HIGH = 4;

    private final int exitCode;

    public OpsException(String message) {
        this(message, FAILED);
    }

    public OpsException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
