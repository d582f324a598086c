package dev.sift.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.integration.Icinga2Connection;
import dev.sift.http.Fields;
import dev.sift.http.problem.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config} of an integration of kind icinga2: {@code {url, username, password, caFile | insecureTls,
 * mirrorComments}}.
 * Every mistake is a 400 naming the field ({@code config.url}), so that a wrong setting is found at creation and
 * not as a connection that never works.
 */
final class Icinga2Settings {
    private static final Set<String> FIELDS = Set.of("url", "username", "password", "caFile", "insecureTls",
            "mirrorComments");

    private Icinga2Settings() {}

    static Icinga2Connection read(JsonNode config) {
        if (config == null || config.isNull()) {
            throw ApiException.invalidField("config", "is required for kind icinga2: {\"url\", \"username\","
                    + " \"password\", \"caFile\" or \"insecureTls\"}");
        }
        Fields.object(config, "config");
        config.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.invalidField("config." + f, "is not a setting of icinga2; expected url, username,"
                        + " password, caFile, insecureTls or mirrorComments");
            }
        });
        String url = url(Fields.requiredString(config, "url", "config.url"));
        String username = Fields.requiredString(config, "username", "config.username");
        if (username.isBlank()) {
            throw ApiException.invalidField("config.username", "must not be empty: the name of an Icinga2 ApiUser");
        }
        String password = Fields.requiredString(config, "password", "config.password");
        String caFile = Fields.optionalString(config, "caFile", "config.caFile");
        JsonNode insecure = config.get("insecureTls");
        if (insecure != null && !insecure.isNull() && !insecure.isBoolean()) {
            throw ApiException.invalidField("config.insecureTls", "must be true or false, got "
                    + Fields.kind(insecure));
        }
        boolean insecureTls = insecure != null && insecure.asBoolean(false);
        if (caFile != null && insecureTls) {
            throw ApiException.invalidField("config.insecureTls", "give either caFile (to check Icinga2's"
                    + " certificate against its CA) or insecureTls, not both");
        }
        if (caFile != null) {
            caFile(caFile);
        }
        if (url.startsWith("http:") && (caFile != null || insecureTls)) {
            throw ApiException.invalidField("config.url", "is plain http, so caFile and insecureTls have no"
                    + " meaning; Icinga2's API speaks only https");
        }
        JsonNode mirror = config.get("mirrorComments");
        if (mirror != null && !mirror.isNull() && !mirror.isBoolean()) {
            throw ApiException.invalidField("config.mirrorComments", "must be true or false (default true: comments"
                    + " added in Sift are added to the incident's Icinga2 objects), got " + Fields.kind(mirror));
        }
        return new Icinga2Connection(url, username, password, caFile, insecureTls,
                mirror == null || mirror.asBoolean(true));
    }

    /** The settings as the API shows them: never the password. */
    static Map<String, Object> view(Icinga2Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", c.url());
        m.put("username", c.username());
        m.put("caFile", c.caFile());
        m.put("insecureTls", c.insecureTls());
        m.put("mirrorComments", c.mirrorComments());
        return m;
    }

    private static String url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiException.invalidField("config.url", "is not a URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw ApiException.invalidField("config.url", "must be an https URL with a host, such as"
                    + " https://icinga.example.org:5665; got '" + Fields.abbreviate(text) + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ApiException.invalidField("config.url", "must be the API's base URL without query or fragment");
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static void caFile(String text) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw ApiException.invalidField("config.caFile", "is not a file name: " + e.getMessage());
        }
        if (!p.isAbsolute()) {
            throw ApiException.invalidField("config.caFile", "must be an absolute path on Sift's host, got '"
                    + Fields.abbreviate(text) + "'");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw ApiException.invalidField("config.caFile", "no readable file at '" + Fields.abbreviate(text)
                    + "' on Sift's host (Icinga2's CA certificate, e.g. /var/lib/icinga2/certs/ca.crt)");
        }
    }
}
