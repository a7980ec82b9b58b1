package io.closedloop.harness;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The one place every HTTP request of the harness is built. It signs every request in with {@code X-Api-Key}:
 * {@code --api-key K}, else the environment variable {@value #API_KEY_ENV}, else the one-command platform's demo
 * administrator key (the harness files complaints, sets clock policies and rebuilds projections, all of which an
 * administrator may do).
 */
public final class HarnessHttp {

    public static final String API_KEY_ENV = "CLOSEDLOOP_API_KEY";
    public static final String API_KEY_HEADER = "X-Api-Key";

    /** shared-security's DemoCredentials.ADMIN_KEY; the harness does not depend on the services' libraries */
    public static final String DEMO_ADMIN_KEY = "demo-admin-key";

    private static volatile String apiKey = DEMO_ADMIN_KEY;

    private HarnessHttp() {
    }

    /** The option wins over the environment, which wins over the demo key. */
    public static void configure(String fromOption, Map<String, String> environment) {
        apiKey = resolveKey(fromOption, environment);
    }

    static String resolveKey(String fromOption, Map<String, String> environment) {
        String key = fromOption != null && !fromOption.isBlank() ? fromOption : environment.get(API_KEY_ENV);
        return key == null || key.isBlank() ? DEMO_ADMIN_KEY : key.strip();
    }

    /** A request builder for {@code uri}, signed in with the configured API key. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header(API_KEY_HEADER, apiKey);
    }

    public static HttpRequest.Builder request(String uri) {
        return request(URI.create(uri));
    }
}
