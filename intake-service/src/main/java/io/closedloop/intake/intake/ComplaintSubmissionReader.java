package io.closedloop.intake.intake;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a submission from JSON one field at a time and reports every problem at once: a
 * channel developer (or a person behind a form) fixes all of them in one go instead of one per attempt. Jackson on
 * its own stops at the first value it cannot convert. Shared by the HTTP API and the Kafka intake topic.
 */
public final class ComplaintSubmissionReader {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final JavaType ATTACHMENTS = JSON.getTypeFactory().constructType(new TypeReference<List<AttachmentRef>>() {
    });

    private final ComplaintSubmissionValidator validator;

    public ComplaintSubmissionReader(ComplaintSubmissionValidator validator) {
        this.validator = validator;
    }

    /**
     * Reads a submission. If any field cannot be read, throws {@link InvalidInputException} naming it and every
     * other field that validation finds wrong; a readable submission is validated by {@link ComplaintIntake}.
     */
    public ComplaintSubmission read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidInputException(List.of(new FieldError("$", "must be a JSON object (a complaint)")));
        }
        List<FieldError> shapeErrors = new ArrayList<>();
        ComplaintSubmission submission = new ComplaintSubmission(
                field(json, "channel", JSON.constructType(Channel.class), shapeErrors),
                field(json, "channelMessageId", JSON.constructType(String.class), shapeErrors),
                field(json, "receivedAt", JSON.constructType(Instant.class), shapeErrors),
                field(json, "complainant", JSON.constructType(Complainant.class), shapeErrors),
                field(json, "subject", JSON.constructType(String.class), shapeErrors),
                field(json, "text", JSON.constructType(String.class), shapeErrors),
                field(json, "infoType", JSON.constructType(InfoType.class), shapeErrors),
                field(json, "product", JSON.constructType(String.class), shapeErrors),
                field(json, "orderRef", JSON.constructType(String.class), shapeErrors),
                field(json, "location", JSON.constructType(GeoLocation.class), shapeErrors),
                field(json, "attachments", ATTACHMENTS, shapeErrors),
                field(json, "region", JSON.constructType(String.class), shapeErrors),
                field(json, "language", JSON.constructType(String.class), shapeErrors),
                field(json, "channelContext", JSON.constructType(ChannelContext.class), shapeErrors));
        if (shapeErrors.isEmpty()) {
            // ComplaintIntake validates every submission, whoever hands it in; no need to do it twice
            return submission;
        }
        // Report everything at once: add what validation finds in the other fields. A field that could not be read
        // is null now; its shape error says more than "is required" would.
        Set<String> broken = shapeErrors.stream().map(e -> root(e.field())).collect(Collectors.toSet());
        List<FieldError> errors = new ArrayList<>(shapeErrors);
        validator.validate(submission).stream().filter(e -> !broken.contains(root(e.field()))).forEach(errors::add);
        throw new InvalidInputException(errors);
    }

    /** Parses a record value (UTF-8 JSON, as bytes: see the Kafka listener's StrictUtf8) and reads it. */
    public ComplaintSubmission read(byte[] json) {
        try {
            return read(JSON.readTree(json));
        } catch (JsonMappingException e) {
            throw new InvalidInputException(List.of(JsonFieldErrors.of("", e)));
        } catch (IOException e) {
            throw new InvalidInputException(List.of(new FieldError("$", "malformed JSON: " + e.getMessage())));
        }
    }

    private static <T> T field(JsonNode json, String name, JavaType type, List<FieldError> errors) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return JSON.treeToValue(value, type);
        } catch (JsonMappingException e) {
            errors.add(JsonFieldErrors.of(name, e));
            return null;
        } catch (IOException e) {
            errors.add(new FieldError(name, e.getMessage()));
            return null;
        }
    }

    private static String root(String field) {
        int cut = field.length();
        for (char c : new char[]{'.', '['}) {
            int i = field.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return field.substring(0, cut);
    }
}
