package dev.sift.web.signin;

import dev.sift.web.Chrome;

/** The sign-in page: its form's token, where to go afterwards, and why the last try failed (or null). */
public record LoginView(String csrf, String next, String username, String error) {
    public Chrome chrome() {
        return Chrome.SIGNED_OUT;
    }
}
