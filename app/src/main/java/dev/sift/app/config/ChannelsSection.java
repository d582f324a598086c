package dev.sift.app.config;

import dev.sift.core.notification.Channel;
import dev.sift.core.notification.NotificationEvent;
import dev.sift.core.notification.Notifying;
import dev.sift.core.notification.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code channels:} section (where notifications go) and the {@code notifications:} section (default
 * channels, retries), and checks that every channel a route names is defined. Secrets may be written as
 * {@code ${ENV_VAR}}, resolved at load, so that they need not be in the file; a variable that is not set is a
 * problem, never an empty secret.
 */
final class ChannelsSection {
    static final Set<String> WEBHOOK_KEYS = Set.of("name", "type", "url", "secret", "events");
    static final Set<String> EMAIL_KEYS = Set.of("name", "type", "host", "port", "starttls", "username", "password",
            "from", "to", "events");
    static final Set<String> NOTIFICATIONS_KEYS = Set.of("defaultChannels", "attempts", "backoff", "maxBackoff");
    private static final Set<String> TYPES = Set.of("webhook", "email");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** Enough to catch a name or a host where an address belongs; the SMTP server has the last word. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");

    private final FieldReader in;
    private final Map<String, String> env;
    private final Map<String, Integer> names = new HashMap<>();

    private ChannelsSection(FieldReader in, Map<String, String> env) {
        this.in = in;
        this.env = env;
    }

    static Notifying read(YamlNode channels, YamlNode notifications, YamlNode routes, FieldReader in,
                          Map<String, String> env) {
        ChannelsSection s = new ChannelsSection(in, env);
        Map<String, Channel> defined = s.channels(channels);
        Notifying n = s.notifications(notifications, defined);
        if (routes != null) {
            s.routeChannels(routes, "routes", defined.keySet());
        }
        return n;
    }

    private Map<String, Channel> channels(YamlNode node) {
        Map<String, Channel> out = new LinkedHashMap<>();
        for (FieldReader.Entry entry : in.entries(node, "channels", "channel")) {
            Channel c = channel(entry.node(), entry.field());
            if (c != null) {
                out.put(c.name(), c);
            }
        }
        return out;
    }

    private Channel channel(YamlNode node, String field) {
        Map<String, YamlNode> k = node.entries();
        String name = in.uniqueName(node, k.get("name"), field + ".name", names,
                "routes and notifications.defaultChannels refer to channels by name",
                "channel names must be unique");
        YamlNode typeNode = k.get("type");
        String type = in.string(typeNode, field + ".type", null);
        if (typeNode == null) {
            in.problem(node.line(), field + ".type", "missing", "type: webhook or type: email");
            return null;
        }
        if (type == null) {
            return null;
        }
        if (!TYPES.contains(type)) {
            in.problem(typeNode.line(), field + ".type", "unknown channel type '" + type + "'",
                    "one of: email, webhook");
            return null;
        }
        Set<String> allowed = type.equals("webhook") ? WEBHOOK_KEYS : EMAIL_KEYS;
        Set<String> other = type.equals("webhook") ? EMAIL_KEYS : WEBHOOK_KEYS;
        for (var e : k.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                in.problem(e.getValue().keyLine(), field + "." + e.getKey(), "unknown field", other.contains(e.getKey())
                        ? "'" + e.getKey() + "' is a field of " + (type.equals("webhook") ? "email" : "webhook")
                                + " channels; this one is type: " + type
                        : FieldReader.suggestion(e.getKey(), allowed));
            }
        }
        Set<NotificationEvent> events = events(k.get("events"), field + ".events");
        return type.equals("webhook") ? webhook(node, k, field, name, events) : email(node, k, field, name, events);
    }

    private Channel webhook(YamlNode node, Map<String, YamlNode> k, String field, String name,
                            Set<NotificationEvent> events) {
        String url = url(node, k.get("url"), field + ".url");
        Secret secret = secret(k.get("secret"), field + ".secret");
        if (name == null || url == null || events == null || k.get("secret") != null && secret == null) {
            return null;
        }
        return new Channel.Webhook(name, url, secret, events);
    }

    private Channel email(YamlNode node, Map<String, YamlNode> k, String field, String name,
                          Set<NotificationEvent> events) {
        String host = in.string(k.get("host"), field + ".host", null);
        if (k.get("host") == null) {
            in.problem(node.line(), field + ".host", "missing: the SMTP server to send through",
                    "e.g. host: smtp.example.org");
        }
        int port = port(k.get("port"), field + ".port");
        boolean starttls = in.bool(k.get("starttls"), field + ".starttls", false);
        Secret username = secret(k.get("username"), field + ".username");
        Secret password = secret(k.get("password"), field + ".password");
        if ((k.get("username") == null) != (k.get("password") == null)) {
            YamlNode given = k.get("username") != null ? k.get("username") : k.get("password");
            in.problem(given.line(), field + "." + (k.get("username") != null ? "password" : "username"),
                    "missing: SMTP authentication needs both username and password", null);
        }
        String from = address(k.get("from"), field + ".from");
        if (k.get("from") == null) {
            in.problem(node.line(), field + ".from", "missing: the sender address", "e.g. from: sift@example.org");
        }
        List<String> to = recipients(node, k.get("to"), field + ".to");
        if (name == null || host == null || port == 0 || from == null || to == null || events == null
                || k.get("username") != null && (username == null || password == null)) {
            return null;
        }
        return new Channel.Email(name, host, port, starttls, username == null ? null : username.value(), password,
                from, to, events);
    }

    private Notifying notifications(YamlNode node, Map<String, Channel> defined) {
        if (node == null) {
            return new Notifying(defined, List.of(), Notifying.DEFAULT_ATTEMPTS, Notifying.DEFAULT_BACKOFF,
                    Notifying.DEFAULT_MAX_BACKOFF);
        }
        Map<String, YamlNode> k = in.keys(node, "notifications", NOTIFICATIONS_KEYS);
        List<String> defaults = new ArrayList<>();
        YamlNode d = k.get("defaultChannels");
        if (d != null) {
            List<String> listed = in.stringList(d, "notifications.defaultChannels", List.of(),
                    "defaultChannels: [ops-webhook]");
            for (int i = 0; i < listed.size() && d.value() instanceof List<?>; i++) {
                String c = listed.get(i);
                if (known(c, d.items().get(i).line(), "notifications.defaultChannels[" + i + "]", defined.keySet())
                        && !defaults.contains(c)) {
                    defaults.add(c);
                }
            }
        }
        int attempts = Notifying.DEFAULT_ATTEMPTS;
        YamlNode a = k.get("attempts");
        if (a != null) {
            if (a.value() instanceof Integer n && n >= 1 && n <= 100) {
                attempts = n;
            } else {
                in.problem(a.line(), "notifications.attempts", "must be a whole number from 1 to 100, got "
                        + FieldReader.describe(a.value()), "after this many failed attempts a notification is dead");
            }
        }
        Duration backoff = in.duration(k.get("backoff"), "notifications.backoff", Notifying.DEFAULT_BACKOFF, false);
        Duration max = in.duration(k.get("maxBackoff"), "notifications.maxBackoff",
                k.get("maxBackoff") == null && backoff.compareTo(Notifying.DEFAULT_MAX_BACKOFF) > 0 ? backoff
                        : Notifying.DEFAULT_MAX_BACKOFF, false);
        if (max.compareTo(backoff) < 0) {
            in.problem(k.get("maxBackoff").line(), "notifications.maxBackoff", "is shorter than backoff ("
                    + FieldReader.describe(k.get("backoff") == null ? "30s" : k.get("backoff").value()) + ")",
                    "the wait doubles from backoff up to maxBackoff");
            max = backoff;
        }
        return new Notifying(defined, defaults, attempts, backoff, max);
    }

    /** Every {@code channels} list in the route tree names defined channels only. */
    private void routeChannels(YamlNode routes, String field, Set<String> defined) {
        if (!(routes.value() instanceof List<?>)) {
            return; // RoutesSection reports it
        }
        List<YamlNode> items = routes.items();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i).value() instanceof Map<?, ?>)) {
                continue;
            }
            Map<String, YamlNode> k = items.get(i).entries();
            String f = field + "[" + i + "]";
            YamlNode channels = k.get("channels");
            if (channels != null && channels.value() instanceof List<?>) {
                List<YamlNode> names = channels.items();
                for (int j = 0; j < names.size(); j++) {
                    if (names.get(j).value() instanceof String name) {
                        known(name, names.get(j).line(), f + ".channels[" + j + "]", defined);
                    }
                }
            }
            if (k.get("routes") != null) {
                routeChannels(k.get("routes"), f + ".routes", defined);
            }
        }
    }

    private boolean known(String name, int line, String field, Set<String> defined) {
        if (defined.contains(name)) {
            return true;
        }
        in.problem(line, field, "unknown channel '" + name + "'", defined.isEmpty()
                ? "define it in the channels: section (type webhook or email)"
                : FieldReader.closest(name, defined).map(c -> "did you mean '" + c + "'?")
                        .orElse("defined channels: " + String.join(", ", defined.stream().sorted().toList())));
        return false;
    }

    private Set<NotificationEvent> events(YamlNode node, String field) {
        if (node == null) {
            return Notifying.ALL_EVENTS;
        }
        List<String> names = in.stringList(node, field, null, "events: [opened, resolved]");
        if (names == null) {
            return null;
        }
        Set<NotificationEvent> out = EnumSet.noneOf(NotificationEvent.class);
        boolean ok = names.size() == node.items().size();
        for (int i = 0; i < names.size(); i++) {
            try {
                out.add(NotificationEvent.fromWireName(names.get(i)));
            } catch (IllegalArgumentException e) {
                in.problem(node.items().get(i).line(), field + "[" + i + "]", "unknown event '" + names.get(i) + "'",
                        "one of: " + NotificationEvent.wireNames());
                ok = false;
            }
        }
        if (ok && out.isEmpty()) {
            in.problem(node.line(), field, "is empty: the channel would never be notified",
                    "leave events out to send every event");
            return null;
        }
        return ok ? out : null;
    }

    private String url(YamlNode entry, YamlNode node, String field) {
        if (node == null) {
            in.problem(entry.line(), field, "missing: where to POST the notifications",
                    "e.g. url: https://hooks.example.org/sift");
            return null;
        }
        Secret resolved = secret(node, field);
        if (resolved == null) {
            return null;
        }
        String text = resolved.value();
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // the problem below says what is expected
        }
        // A URL from the environment may hold a token: the message does not repeat it.
        in.problem(node.line(), field, "must be an http:// or https:// URL with a host"
                + (resolved.reference() == null ? ", got '" + text + "'" : " (" + resolved.reference() + ")"), null);
        return null;
    }

    /** A string as written, or the value of the environment variable it names as {@code ${NAME}}. */
    private Secret secret(YamlNode node, String field) {
        if (node == null) {
            return null;
        }
        String text = in.string(node, field, null);
        if (text == null) {
            return null;
        }
        Matcher m = ENV.matcher(text.strip());
        if (!m.matches()) {
            if (text.contains("${")) {
                in.problem(node.line(), field, "refers to the environment in a form Sift does not read",
                        "write the whole value as ${NAME}, NAME of letters, digits and _");
                return null;
            }
            return new Secret(text, null);
        }
        String value = env.get(m.group(1));
        if (value == null || value.isEmpty()) {
            in.problem(node.line(), field, "the environment variable " + m.group(1) + " is not set",
                    "export " + m.group(1) + " for Sift (and for check-config), or write the value itself");
            return null;
        }
        return new Secret(value, "${" + m.group(1) + "}");
    }

    private int port(YamlNode node, String field) {
        if (node == null) {
            return 25;
        }
        if (node.value() instanceof Integer p && p >= 1 && p <= 65535) {
            return p;
        }
        in.problem(node.line(), field, "must be a port number from 1 to 65535, got " + FieldReader.describe(node.value()),
                "25 (plain SMTP), 587 (submission, with starttls: true)");
        return 0;
    }

    private String address(YamlNode node, String field) {
        String a = in.string(node, field, null);
        if (a != null && !ADDRESS.matcher(a).matches()) {
            in.problem(node.line(), field, "'" + a + "' is not a mail address", "e.g. sift@example.org");
            return null;
        }
        return a;
    }

    private List<String> recipients(YamlNode entry, YamlNode node, String field) {
        if (node == null) {
            in.problem(entry.line(), field, "missing: who receives the mails", "e.g. to: [oncall@example.org]");
            return null;
        }
        if (node.value() instanceof String) { // one address needs no list
            String a = address(node, field);
            return a == null ? null : List.of(a);
        }
        List<String> listed = in.stringList(node, field, null, "to: [oncall@example.org]");
        if (listed == null || listed.size() != node.items().size()) {
            return null;
        }
        if (listed.isEmpty()) {
            in.problem(node.line(), field, "is empty: who receives the mails?", "e.g. to: [oncall@example.org]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            String a = address(node.items().get(i), field + "[" + i + "]");
            if (a == null) {
                return null;
            }
            out.add(a);
        }
        return out;
    }
}
