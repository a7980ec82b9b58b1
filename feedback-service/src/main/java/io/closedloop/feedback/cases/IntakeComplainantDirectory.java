package io.closedloop.feedback.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Asks intake's {@code GET /api/v1/complaints/{id}/complainant} (with feedback's API key; intake records the read
 * with its purpose) for a sealed complainant. 410 Gone means the person was erased: nothing to write to. Any other
 * failure is passing (intake restarting, a network blip): it throws, and the event is retried.
 */
@Component
public class IntakeComplainantDirectory implements ComplainantDirectory {

    static final String PURPOSE = "feedback-service: result letter, satisfaction survey and repeat complaints";
    private static final Logger log = LoggerFactory.getLogger(IntakeComplainantDirectory.class);

    private final IntakeProperties intake;
    private final HttpClient http;

    public IntakeComplainantDirectory(IntakeProperties intake) {
        this.intake = intake;
        this.http = HttpClient.newBuilder().connectTimeout(intake.timeout()).build();
    }

    @Override
    public Optional<Complainant> complainantOf(ComplaintReceivedEvent received) {
        if (received.sealedComplainant() == null) {
            return Optional.ofNullable(received.complainant());
        }
        if (intake.urls().isEmpty() || intake.apiKey() == null || intake.apiKey().isBlank()) {
            throw new IllegalStateException("complaint " + received.complaintId() + " has a sealed complainant, and "
                    + "closedloop.feedback.intake.urls and api-key are not set: feedback cannot address its letters");
        }
        IllegalStateException failure = null;
        for (URI base : intake.urls()) {
            try {
                return ask(base, received.complaintId());
            } catch (IOException | IllegalStateException e) {
                log.warn("Intake at {} could not give the complainant of {}: {}", base, received.complaintId(),
                        e.getMessage());
                failure = new IllegalStateException("no intake instance gave the complainant of "
                        + received.complaintId() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted asking intake", e);
            }
        }
        throw failure;
    }

    private Optional<Complainant> ask(URI base, String complaintId) throws IOException, InterruptedException {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/api/v1/complaints/"
                + URLEncoder.encode(complaintId, StandardCharsets.UTF_8) + "/complainant?purpose="
                + URLEncoder.encode(PURPOSE, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(intake.timeout())
                .header("X-Api-Key", intake.apiKey()).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return switch (response.statusCode()) {
            case 200 -> {
                JsonNode complainant = ContractJson.mapper().readTree(response.body()).get("complainant");
                yield complainant == null || complainant.isNull() ? Optional.empty()
                        : Optional.of(ContractJson.mapper().treeToValue(complainant, Complainant.class));
            }
            case 410 -> Optional.empty();
            default -> throw new IllegalStateException("intake answered " + response.statusCode());
        };
    }
}
