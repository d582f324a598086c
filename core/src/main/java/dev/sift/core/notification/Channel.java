package dev.sift.core.notification;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named place notifications go to, as the rules file defines it. The engine needs only its name and the events it
 * takes; the rest is what the delivery workers (app) need to reach it.
 */
public sealed interface Channel {
    String name();

    /** The events sent to this channel; the others are not. */
    Set<NotificationEvent> events();

    String type();

    default boolean takes(NotificationEvent e) {
        return events().contains(e);
    }

    /**
     * A JSON POST to {@code url}; with a {@code secret}, signed (HMAC-SHA256 over timestamp and body) so that the
     * receiver can tell it came from Sift.
     */
    record Webhook(String name, String url, Secret secret, Set<NotificationEvent> events) implements Channel {
        public Webhook {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            events = Set.copyOf(events);
        }

        @Override
        public String type() {
            return "webhook";
        }

        /**
         * The URL with its path, query and credentials left out ({@code https://hooks.example.org/…}): what may be
         * shown and logged, since webhook URLs often carry a token.
         */
        public String redactedUrl() {
            int scheme = url.indexOf("://");
            int start = scheme < 0 ? 0 : scheme + 3;
            int at = url.indexOf('@', start);
            int end = url.indexOf('/', start);
            if (at >= 0 && (end < 0 || at < end)) {
                start = at + 1; // user:password@host
            }
            String host = url.substring(start, end < 0 ? url.length() : end);
            return (scheme < 0 ? "" : url.substring(0, scheme + 3)) + host + (end < 0 ? "" : "/…");
        }

        @Override
        public String toString() {
            return "Webhook[name=" + name + ", url=" + redactedUrl() + ", secret=" + secret + ", events=" + events
                    + "]";
        }
    }

    /** A plain-text mail over SMTP; STARTTLS and authentication when asked for. */
    record Email(String name, String host, int port, boolean starttls, String username, Secret password, String from,
                 List<String> to, Set<NotificationEvent> events) implements Channel {
        public Email {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            to = List.copyOf(to);
            events = Set.copyOf(events);
        }

        @Override
        public String type() {
            return "email";
        }
    }
}
