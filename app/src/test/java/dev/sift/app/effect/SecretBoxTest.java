package dev.sift.app.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets of ticket systems are sealed for the database and opened only with the same key. */
class SecretBoxTest {
    @TempDir
    Path home;

    @Test
    void aKeyFileIsMadeOncePrivatelyAndOpensWhatItSealed() throws Exception {
        SecretBox box = SecretBox.open(null, home);
        String sealed = box.seal("1-14-0d7953e5627e1d43973eef9a848e3281");
        assertThat(sealed).startsWith("v1:").doesNotContain("0d7953e5");
        assertThat(box.seal("same")).isNotEqualTo(box.seal("same")); // a fresh nonce each time
        assertThat(SecretBox.open(null, home).open(sealed)).isEqualTo("1-14-0d7953e5627e1d43973eef9a848e3281");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secret.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = SecretBox.open(null, home).seal("secret");
        SecretBox other = SecretBox.open("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", home);
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SIFT_SECRET_KEY");
    }
}
