package dev.sift.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document and the route table must agree: a route added to {@link HttpRoutes} without being
 * documented fails here, and so does a documented path that Sift does not serve.
 */
class OpenApiDocumentTest {
    private static final Pattern ROUTE = Pattern.compile(
            "\\.(get|post|put|delete|patch|head|options)\\(\\s*\"([^\"]+)\"");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options",
            "trace");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(in).as("openapi.yaml on the classpath").isNotNull();
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void isOpenApi31() {
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("paths").isObject()).isTrue();
    }

    @Test
    void everyRouteIsDocumentedWithItsMethod() throws IOException {
        Set<String> routes = routes();
        assertThat(routes).as("routes parsed from HttpRoutes.java").isNotEmpty();
        assertThat(documented()).containsAll(routes);
    }

    @Test
    void everyDocumentedOperationIsARealRoute() throws IOException {
        assertThat(routes()).containsAll(documented());
    }

    @Test
    void everyOperationDeclaresItsPathParametersAndResponses() {
        List<String> problems = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            Set<String> needed = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path.getKey());
            while (m.find()) {
                needed.add(m.group(1));
            }
            Set<String> shared = pathParameters(path.getValue().path("parameters"));
            path.getValue().fields().forEachRemaining(op -> {
                if (!METHODS.contains(op.getKey())) {
                    return;
                }
                Set<String> declared = new TreeSet<>(shared);
                declared.addAll(pathParameters(op.getValue().path("parameters")));
                if (!declared.equals(needed)) {
                    problems.add(op.getKey() + " " + path.getKey() + " declares path parameters " + declared
                            + ", needs " + needed);
                }
                if (!op.getValue().path("responses").isObject() || op.getValue().path("responses").isEmpty()) {
                    problems.add(op.getKey() + " " + path.getKey() + " has no responses");
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        List<String> dangling = refs.stream().filter(ref -> resolve(ref).isMissingNode()).toList();
        assertThat(dangling).isEmpty();
    }

    @Test
    void everySecurityRequirementNamesADefinedScheme() {
        Set<String> schemes = new TreeSet<>();
        doc.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        assertThat(schemes).contains("personalToken", "integrationKey");
        List<String> used = new ArrayList<>();
        doc.path("security").forEach(req -> req.fieldNames().forEachRemaining(used::add));
        doc.path("paths").forEach(path -> path.fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                op.getValue().path("security").forEach(req -> req.fieldNames().forEachRemaining(used::add));
            }
        }));
        assertThat(schemes).containsAll(used);
    }

    /** "METHOD /path" for every route registered in HttpRoutes.java. */
    private static Set<String> routes() throws IOException {
        Path source = Path.of("src/main/java/dev/sift/http/HttpRoutes.java");
        if (!Files.exists(source)) {
            source = Path.of("http").resolve(source);
        }
        String text = Files.readString(source);
        Set<String> out = new TreeSet<>();
        Matcher m = ROUTE.matcher(text);
        while (m.find()) {
            out.add(m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2));
        }
        return out;
    }

    /** "METHOD /path" for every operation in the document. */
    private static Set<String> documented() {
        Set<String> out = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (METHODS.contains(key)) {
                out.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return out;
    }

    private static Set<String> pathParameters(JsonNode parameters) {
        Set<String> out = new TreeSet<>();
        for (JsonNode p : parameters) {
            JsonNode param = p.has("$ref") ? resolve(p.get("$ref").asText()) : p;
            if ("path".equals(param.path("in").asText())) {
                out.add(param.path("name").asText());
            }
        }
        return out;
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, out));
        }
    }

    private static JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return doc.at(ref.substring(1));
    }
}
