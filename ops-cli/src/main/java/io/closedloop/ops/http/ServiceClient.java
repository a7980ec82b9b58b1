package io.closedloop.ops.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.Service;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A service's HTTP API as the tool uses it: JSON in and out, and a problem+json answer turned into a message an
 * operator can read (title, detail, and each field with its reason). Only what the services publish is used;
 * never their databases.
 */
public final class ServiceClient {

    private final Service service;
    private final URI baseUrl;
    private final Duration timeout;
    private final String apiKey;
    private final ObjectMapper json;
    private final HttpClient http;

    /** @param apiKey sent as {@code X-Api-Key}, the services' way of knowing a tool; null sends none */
    public ServiceClient(Service service, URI baseUrl, Duration timeout, String apiKey, ObjectMapper json) {
        this.service = service;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** An answer other than 2xx, with the service's explanation. */
    public static final class ProblemException extends OpsException {
        private final int status;

        ProblemException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public Service service() {
        return service;
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path, "GET");
    }

    public JsonNode post(String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(publisher), path, "POST");
    }

    /** A path segment from user input, encoded so that it cannot change the path. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private JsonNode send(HttpRequest.Builder request, String path, String method) {
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(timeout).header("Accept", "application/json, application/problem+json")
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new OpsException(service.applicationName() + " is not reachable at " + baseUrl + " ("
                    + describe(e) + "): is it running? Its URL is set with --" + service.shortName() + "-url.",
                    OpsException.UNREACHABLE);
        } catch (HttpTimeoutException e) {
            throw new OpsException(service.applicationName() + " at " + baseUrl + " did not answer " + method + " "
                    + path + " within " + timeout.toSeconds() + " s", OpsException.UNREACHABLE);
        } catch (IOException e) {
            throw new OpsException(service.applicationName() + " at " + baseUrl + ": " + method + " " + path
                    + " failed: " + describe(e), OpsException.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String hint = response.statusCode() == 401 || response.statusCode() == 403
                    ? " (the tool signs in with --api-key or CLOSEDLOOP_OPS_API_KEY; an administrator's key is needed)"
                    : "";
            throw new ProblemException(service.applicationName() + " answered " + method + " " + path + " with "
                    + response.statusCode() + problem(body, response.body()) + hint, response.statusCode());
        }
        return body;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // not JSON (e.g. a proxy's HTML error page): keep it as text for the message
            return json.getNodeFactory().textNode(body);
        }
    }

    private static String problem(JsonNode body, String raw) {
        if (body == null || !body.isObject()) {
            String text = raw == null ? "" : raw.strip();
            return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
        StringBuilder s = new StringBuilder();
        if (body.hasNonNull("title")) {
            s.append(" ").append(body.get("title").asText());
        }
        if (body.hasNonNull("detail")) {
            s.append(": ").append(body.get("detail").asText());
        }
        for (JsonNode error : body.path("errors")) {
            s.append("\n  ").append(error.path("field").asText("?")).append(": ").append(error.path("reason").asText(""));
        }
        return s.toString();
    }

    private static String describe(Throwable e) {
        if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getClass().getSimpleName();
        }
        return message;
    }
}
