package io.closedloop.intake.config;

import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ErrorHandlingUtils;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The dead-letter headers spring-kafka writes (exception class, root cause class, message, stack trace), each cut
 * to a bounded length. Spring's own headers are unbounded: a reason that quoted a 750 KB value made a 2.2 MB dead
 * letter, larger than the producer's 1 MiB, its send failed on every delivery, and the record stalled its
 * partition for ever (issue 10, found by HostileInputIT). With these bounds a dead letter is its record plus at
 * most {@value #MAX_MESSAGE} + {@value #MAX_STACK_TRACE} characters of reason.
 */
final class BoundedDeadLetterHeaders implements DeadLetterPublishingRecoverer.ExceptionHeadersCreator {

    static final int MAX_MESSAGE = 4_000;
    static final int MAX_STACK_TRACE = 12_000;

    @Override
    public void create(Headers headers, Exception exception, boolean isKey,
                       DeadLetterPublishingRecoverer.HeaderNames names) {
        var info = names.getExceptionInfo();
        replace(headers, isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(), exception.getClass().getName());
        Exception cause = ErrorHandlingUtils.findRootCause(exception);
        if (cause != null) {
            replace(headers, info.getExceptionCauseFqcn(), cause.getClass().getName());
        }
        String message = message(exception, cause);
        if (message != null) {
            replace(headers, isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(),
                    cut(message, MAX_MESSAGE));
        }
        replace(headers, isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(),
                cut(stackTrace(exception), MAX_STACK_TRACE));
    }

    /** As spring-kafka builds it: the exception's message, then its root cause's. */
    private static String message(Exception exception, Throwable cause) {
        String message = exception.getMessage();
        if (cause == null || cause == exception || cause.getMessage() == null) {
            return message;
        }
        return message == null ? cause.getMessage() : message + "; " + cause.getMessage();
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        // never split a surrogate pair: half a character is not UTF-8
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
    }

    private static String stackTrace(Throwable exception) {
        StringWriter text = new StringWriter();
        exception.printStackTrace(new PrintWriter(text, true));
        return text.toString();
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
