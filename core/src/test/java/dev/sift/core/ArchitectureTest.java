package dev.sift.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps {@code core} the pure engine DESIGN §3 and §7 describe: JDK and itself only (no HTTP, SQL, framework or
 * logging), no I/O, and no clock or random source inside. Reads the sources, so it needs no extra library.
 */
class ArchitectureTest {

    @Test
    void coreMainSourcesImportOnlyTheJdkAndCoreAndNeverReadTheClockOrARandomSource() {
        Path root = coreMainSources();
        List<Path> files = javaFiles(root);
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            String name = "src/main/java/dev/sift/core/" + root.relativize(file).toString().replace('\\', '/');
            violations.addAll(CoreSourceRules.violations(name, read(file)));
        }

        assertThat(files).as("core main sources under %s", root)
                .anyMatch(p -> p.endsWith(Path.of("engine", "Engine.java")))
                .hasSizeGreaterThan(10);
        assertThat(violations).as("core must stay pure (JDK and dev.sift.core only; no clock, randomness or threads)")
                .isEmpty();
    }

    /**
     * {@code src/main/java/dev/sift/core} of the core module. Maven runs tests in the module directory; an IDE may
     * run them elsewhere in the checkout, so walk up from the working directory until it is found.
     */
    static Path coreMainSources() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/main/java/dev/sift/core"),
                    dir.resolve("core/src/main/java/dev/sift/core"))) {
                if (Files.isRegularFile(candidate.resolve("engine/Engine.java"))) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("core main sources not found from " + start);
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checker above must be able to fail: these feed it sources that break each rule. */
    @Nested
    class TheChecker {
        private static final String HEADER = "package dev.sift.core.engine;\n\n";

        private List<String> check(String body) {
            return CoreSourceRules.violations("engine/Bad.java", HEADER + body);
        }

        @Test
        void acceptsACleanCoreSource() {
            String clean = """
                    import dev.sift.core.alert.Alert;
                    import java.time.Instant;
                    import java.util.*;
                    import static java.util.Objects.requireNonNull;

                    /** Never calls Instant.now() or new Random(); one writer Thread owns it. */
                    final class Good {
                        // Thread, UUID.randomUUID() and System.currentTimeMillis() are not used here
                        private static final String NOTE = "Instant.now() is what we avoid; io.helidon.x too";
                        private final char quote = '"';
                        Instant later(Instant now) { return now.plusSeconds(1); }
                        String threadName = "Thread";
                    }
                    """;

            assertThat(check(clean)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "javax.inject.Inject",
            "jakarta.json.Json",
            "io.helidon.webserver.WebServer",
            "org.jdbi.v3.core.Jdbi",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "org.slf4j.Logger",
            "dev.sift.storage.Store",
            "dev.sift.http.Server",
            "dev.sift.app.Sift",
            "dev.sift.cli.Main",
            "org.apache.commons.lang3.StringUtils",
        })
        void flagsAnImportFromOutsideTheJdkAndCoreNamingFileLineAndImport(String name) {
            assertThat(check("import java.util.List;\nimport " + name + ";\n"))
                    .containsExactly("engine/Bad.java:4: import " + name
                            + " (core may import only java.* and dev.sift.core.*)");
        }

        @Test
        void flagsStaticAndWildcardImportsFromOutside() {
            assertThat(check("import static org.slf4j.LoggerFactory.getLogger;\nimport io.helidon.webserver.*;\n"))
                    .hasSize(2)
                    .anySatisfy(v -> assertThat(v).contains("import org.slf4j.LoggerFactory.getLogger"))
                    .anySatisfy(v -> assertThat(v).contains("import io.helidon.webserver.*"));
        }

        @Test
        void flagsJdkInputOutput() {
            assertThat(check("import java.nio.file.Files;\nimport java.sql.Connection;\nimport java.net.URI;\n"))
                    .hasSize(3).allSatisfy(v -> assertThat(v).endsWith("(core does no I/O)"));
        }

        @Test
        void flagsAFrameworkClassWrittenOutInFullInTheCode() {
            assertThat(check("class Bad {\n  Object o = io.helidon.webserver.WebServer.builder();\n}\n"))
                    .containsExactly("engine/Bad.java:4: uses io.helidon.* written out in full"
                            + " (core may use only java.* and dev.sift.core.*)");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "Instant t = Instant.now();",
            "Instant t = java.time.Instant.now();",
            "Instant t = Instant . now ( );",
            "long t = System.currentTimeMillis();",
            "long t = System.nanoTime();",
            "var t = LocalDateTime.now();",
            "var t = OffsetDateTime.now(java.time.ZoneOffset.UTC);",
            "var c = Clock.systemUTC();",
            "var r = new Random();",
            "var r = new java.util.Random(42);",
            "var r = new SecureRandom();",
            "double d = Math.random();",
            "int i = ThreadLocalRandom.current().nextInt();",
            "var id = UUID.randomUUID();",
            "void f() throws Exception { Thread.sleep(10); }",
            "Thread worker = new Thread(() -> {});",
        })
        void flagsReadingTheClockOrARandomSourceOrThreads(String line) {
            List<String> v = check("class Bad {\n  " + line + "\n}\n");

            assertThat(v).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("engine/Bad.java:4: "));
        }

        @Test
        void namesTheCallAndWhyItIsForbidden() {
            assertThat(check("class Bad {\n  long t = System.currentTimeMillis();\n}\n"))
                    .containsExactly("engine/Bad.java:4: System.currentTimeMillis reads the clock");
        }

        @Test
        void ignoresForbiddenWordsInsideTextBlocksAndBlockComments() {
            String src = "class Ok {\n  /* Instant.now()\n   new Random() */\n  String s = \"\"\"\n"
                    + "      Thread UUID.randomUUID() \\\"\"\" still inside\n      \"\"\";\n}\n";

            assertThat(check(src)).isEmpty();
        }

        @Test
        void keepsLineNumbersRightAfterMultiLineCommentsAndTextBlocks() {
            String src = "/*\n a\n b\n*/\nclass Bad {\n  String s = \"\"\"\n     x\n     \"\"\";\n"
                    + "  long t = System.currentTimeMillis();\n}\n";

            assertThat(check(src)).singleElement().asString().startsWith("engine/Bad.java:11: ");
        }
    }
}
