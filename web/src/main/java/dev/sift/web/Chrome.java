package dev.sift.web;

import dev.sift.core.people.Role;
import dev.sift.core.people.User;

/** What every page's frame needs: who is signed in (null on the sign-in page) and their forms' CSRF token. */
public record Chrome(User user, String csrf) {
    public static final Chrome SIGNED_OUT = new Chrome(null, null);

    /** Whether this person may act on incidents; viewers see pages without action buttons. */
    public boolean canAct() {
        return user != null && user.role().allows(Role.RESPONDER);
    }
}
