package dev.sift.core.port;

import dev.sift.core.people.ApiToken;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import java.util.List;
import java.util.Optional;

/** Users and their API tokens. Tokens are handled only as hashes here; the plain secret never reaches storage. */
public interface People {
    /** @throws IllegalStateException if the name is taken */
    User createUser(String username, Role role);

    Optional<User> findUser(String username);

    List<User> users();

    boolean anyUser();

    ApiToken addToken(String username, String tokenName, String tokenHash);

    List<ApiToken> tokens(String username);

    /** The user whose token has this hash; records the use. */
    Optional<User> findByTokenHash(String tokenHash);
}
