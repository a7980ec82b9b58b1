package io.closedloop.harness;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The one place every HTTP request of the harness is built. It adds {@code X-Api-Key} when a key is configured
 * ({@code --api-key K}, else the environment variable {@value #API_KEY_ENV}) and nothing otherwise, so the
 * harness works against a platform with or without authentication switched on.
 */
public final class HarnessHttp {

    public static final String API_KEY_ENV = "CLOSEDLOOP_API_KEY";
    public static final String API_KEY_HEADER = "X-Api-Key";

    private static volatile String apiKey;

    private HarnessHttp() {
    }

    /** The option wins over the environment; a blank value is no key. */
    public static void configure(String fromOption, Map<String, String> environment) {
        apiKey = resolveKey(fromOption, environment);
    }

    static String resolveKey(String fromOption, Map<String, String> environment) {
        String key = fromOption != null && !fromOption.isBlank() ? fromOption : environment.get(API_KEY_ENV);
        return key == null || key.isBlank() ? null : key.strip();
    }

    /** A request builder for {@code uri}, with the API key header if one is configured. */
    public static HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        String key = apiKey;
        if (key != null) {
            builder.header(API_KEY_HEADER, key);
        }
        return builder;
    }

    public static HttpRequest.Builder request(String uri) {
        return request(URI.create(uri));
    }
}
