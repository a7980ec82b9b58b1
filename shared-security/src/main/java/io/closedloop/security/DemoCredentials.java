package io.closedloop.security;

import java.util.List;
import java.util.Set;

/**
 * The users and API keys of the one-command platform, documented in the README so that a new user can try every
 * role. Switched on by {@code closedloop.security.demo-credentials=true}; public knowledge, so never for production.
 */
public final class DemoCredentials {

    /** A demo person: user name, password, role, department. */
    public record DemoUser(String username, String password, Role role, String department) {
    }

    /** A demo system: name, key, role, department. */
    public record DemoKey(String name, String key, Role role, String department) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("agent", "agent-demo", Role.AGENT, null),
            new DemoUser("supervisor", "supervisor-demo", Role.SUPERVISOR, null),
            new DemoUser("auditor", "auditor-demo", Role.AUDITOR, null),
            new DemoUser("admin", "admin-demo", Role.ADMIN, null),
            new DemoUser("after-sales", "after-sales-demo", Role.DEPARTMENT_USER, "after-sales"),
            new DemoUser("logistics", "logistics-demo", Role.DEPARTMENT_USER, "logistics"),
            new DemoUser("quality", "quality-demo", Role.DEPARTMENT_USER, "quality"));

    public static final String ADMIN_KEY = "demo-admin-key";
    /** What feedback-service calls intake with on the one-command platform (to address the customer). */
    public static final String FEEDBACK_SERVICE_KEY = "demo-feedback-service-key";

    public static final List<DemoKey> KEYS = List.of(
            new DemoKey("demo-adapter", "demo-adapter-key", Role.CHANNEL_ADAPTER, null),
            new DemoKey("after-sales-system", "demo-after-sales-key", Role.DEPARTMENT_SYSTEM, "after-sales"),
            new DemoKey("logistics-system", "demo-logistics-key", Role.DEPARTMENT_SYSTEM, "logistics"),
            new DemoKey("quality-system", "demo-quality-key", Role.DEPARTMENT_SYSTEM, "quality"),
            new DemoKey("demo-auditor-tool", "demo-auditor-key", Role.AUDITOR, null),
            new DemoKey("demo-admin-tool", ADMIN_KEY, Role.ADMIN, null),
            new DemoKey("feedback-service", FEEDBACK_SERVICE_KEY, Role.PLATFORM_SERVICE, null));

    private DemoCredentials() {
    }

    static List<SecurityProperties.ApiKeyAccount> apiKeys() {
        return KEYS.stream()
                .map(key -> new SecurityProperties.ApiKeyAccount(key.name(), ApiKeys.sha256Hex(key.key()),
                        Set.of(key.role()), key.department()))
                .toList();
    }
}
