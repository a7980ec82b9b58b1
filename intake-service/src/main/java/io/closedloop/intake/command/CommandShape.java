package io.closedloop.intake.command;

import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The limits every command must keep before it reaches a complaint, whoever sent it (HTTP or Kafka): ids that fit
 * their columns, text of bounded size without control characters, bounded lists. Checked generically over the
 * command records, so a new command or field is covered without anyone remembering to. An oversized note would
 * otherwise become an event too large for Kafka and stall the relay behind it.
 */
final class CommandShape {

    static final int MAX_ID = 200;
    static final int MAX_TEXT = 20_000;
    static final int MAX_LIST = 100;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]|\\p{Cs}");

    private CommandShape() {
    }

    static void check(ComplaintCommand command) {
        List<FieldError> errors = new ArrayList<>();
        if (command.commandId() == null || command.commandId().isBlank() || command.commandId().length() > MAX_ID) {
            errors.add(new FieldError("commandId", "is required, at most " + MAX_ID + " characters"));
        }
        if (command.complaintId() == null || command.complaintId().isBlank() || command.complaintId().length() > 64) {
            errors.add(new FieldError("complaintId", "is required, at most 64 characters"));
        }
        if (command.actor() == null) {
            errors.add(new FieldError("actor", "is required: every change names who made it"));
        }
        walk(command, "", errors, 0);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void walk(Object value, String path, List<FieldError> errors, int depth) {
        if (value == null || depth > 5) {
            return;
        }
        if (value instanceof String text) {
            if (text.codePointCount(0, text.length()) > MAX_TEXT) {
                errors.add(new FieldError(path, "is longer than " + MAX_TEXT + " characters"));
            } else if (CONTROL.matcher(text).find()) {
                errors.add(new FieldError(path, "contains control characters"));
            }
        } else if (value instanceof Collection<?> items) {
            if (items.size() > MAX_LIST) {
                errors.add(new FieldError(path, "has more than " + MAX_LIST + " elements"));
                return;
            }
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", errors, depth + 1);
            }
        } else if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    Object child = component.getAccessor().invoke(value);
                    walk(child, path.isEmpty() ? component.getName() : path + "." + component.getName(), errors,
                            depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
            }
        }
    }
}
