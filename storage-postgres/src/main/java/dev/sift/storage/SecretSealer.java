package dev.sift.storage;

/**
 * Seals secrets that Sift must send to other systems (so they cannot be hashed) before they are stored, and opens
 * them when read. The key lives outside the database (the app's SecretBox): a dump alone reveals no secret.
 */
public interface SecretSealer {
    /** Stores secrets as given: for tests of storage alone, and the default before sealing existed. */
    SecretSealer PLAIN = new SecretSealer() {
        @Override
        public String seal(String plain) {
            return plain;
        }

        @Override
        public String open(String stored) {
            return stored;
        }
    };

    String seal(String plain);

    /** The plain secret of a sealed value. */
    String open(String sealed);

    /** Whether a stored value is sealed already (false for rows written before sealing existed). */
    default boolean isSealed(String stored) {
        return false;
    }
}
