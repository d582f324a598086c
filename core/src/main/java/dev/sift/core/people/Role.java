package dev.sift.core.people;

import java.util.Locale;

/** What a person may do: viewers read, responders also act on incidents, admins also manage Sift. */
public enum Role {
    VIEWER,
    RESPONDER,
    ADMIN;

    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; expected one of admin, responder, viewer");
    }
}
