package dev.sift.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void aHashIsSaltedSlowAndMatchesOnlyItsPassword() {
        String a = Passwords.hash("correct horse battery staple");
        String b = Passwords.hash("correct horse battery staple");
        assertThat(a).startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$").isNotEqualTo(b);
        assertThat(Passwords.matches("correct horse battery staple", a)).isTrue();
        assertThat(Passwords.matches("correct horse battery stapl", a)).isFalse();
        assertThat(Passwords.matches("anything", null)).as("no such user").isFalse();
        assertThat(Passwords.matches("anything", "garbage")).isFalse();
    }

    @Test
    void shortPasswordsAreRefusedWithAReason() {
        assertThat(Passwords.problem("short")).contains("at least 12");
        assertThat(Passwords.problem("twelve chars")).isNull();
    }
}
