package dev.sift.app;

import dev.sift.core.people.Role;
import dev.sift.core.port.People;
import dev.sift.http.auth.Secrets;
import java.util.function.Consumer;

/**
 * Makes sure someone can sign in: SIFT_ADMIN_TOKEN, when set, is an admin token (of the user {@code admin});
 * otherwise the first start creates that user with a generated token and prints it once. Only its hash is kept.
 */
final class AdminBootstrap {
    static final String ADMIN = "admin";

    private AdminBootstrap() {}

    static void ensureAdmin(People people, String configuredToken, Consumer<String> console) {
        if (configuredToken != null) {
            String hash = Secrets.hash(configuredToken);
            if (people.findByTokenHash(hash).isEmpty()) {
                if (people.findUser(ADMIN).isEmpty()) {
                    people.createUser(ADMIN, Role.ADMIN);
                }
                people.addToken(ADMIN, "SIFT_ADMIN_TOKEN", hash);
            }
            return;
        }
        if (people.anyUser()) {
            return;
        }
        String token = Secrets.newUserToken();
        people.createUser(ADMIN, Role.ADMIN);
        people.addToken(ADMIN, "first start", Secrets.hash(token));
        console.accept("""

                ============================================================================
                 Sift created the user 'admin' with this API token. It is shown only once:

                     %s

                 Use it as 'Authorization: Bearer <token>' or export SIFT_TOKEN=<token>.
                 Create named users and their own tokens with it (see README: People).
                ============================================================================
                """.formatted(token));
    }
}
