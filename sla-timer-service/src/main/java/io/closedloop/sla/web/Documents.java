package io.closedloop.sla.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.closedloop.sla.DocumentJson;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an operator's document (a policy, a calendar) strictly, turning every reading failure into a field-level
 * error: an unknown field is a typo, a wrong type names its path.
 */
final class Documents {

    private Documents() {
    }

    static <T> T read(String body, Class<T> type, String what) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("A JSON body is required.", List.of(new FieldError("$", "a JSON " + what
                    + " is required")));
        }
        try {
            T document = DocumentJson.mapper().readValue(body, type);
            if (document == null) {
                throw new InvalidInputException("A JSON body is required.", List.of(new FieldError("$",
                        "a JSON " + what + " is required, not null")));
            }
            return document;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidInputException("The " + what + " does not match the expected shape.",
                    List.of(new FieldError(path.isEmpty() ? "$" : path, e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInputException("The body is not valid JSON" + where + ".",
                    List.of(new FieldError("$", "malformed JSON" + where)));
        }
    }
}
