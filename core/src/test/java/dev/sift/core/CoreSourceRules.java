package dev.sift.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that keep {@code core} a pure engine, applied to the text of one source file: it imports only the JDK
 * ({@code java.*}) and itself ({@code dev.sift.core.*}), does no I/O, and never reads the clock or a random source
 * (time is passed in, so that replay is exact). Comments and string literals are ignored, so a comment may say
 * "never call Instant.now()".
 */
final class CoreSourceRules {
    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(static\\s+)?([\\p{L}\\p{N}_$.]+(?:\\s*\\.\\s*\\*)?)\\s*;", Pattern.MULTILINE);
    private static final List<String> ALLOWED_IMPORTS = List.of("java.", "dev.sift.core.");
    /** JDK packages that mean I/O: the engine does none (DESIGN §3: no I/O, no clock, no randomness). */
    private static final List<String> IO_PACKAGES = List.of("java.io.", "java.nio.file.", "java.nio.channels.",
            "java.net.", "java.sql.", "java.net.http.", "java.rmi.");
    /** Adapter and framework packages, also when written out in full in the code instead of imported. */
    private static final Pattern QUALIFIED_FOREIGN = Pattern.compile(
            "(?<![\\p{L}\\p{N}_$.])(javax|jakarta|io\\s*\\.\\s*helidon|io\\s*\\.\\s*javalin|org\\s*\\.\\s*jdbi"
                    + "|com\\s*\\.\\s*fasterxml|org\\s*\\.\\s*slf4j|org\\s*\\.\\s*postgresql|org\\s*\\.\\s*flywaydb"
                    + "|io\\s*\\.\\s*micrometer|picocli"
                    + "|dev\\s*\\.\\s*sift\\s*\\.\\s*(?:storage|http|app|cli))\\s*\\.");
    private record Forbidden(Pattern pattern, String why) {}
    private static final List<Forbidden> FORBIDDEN_CALLS = List.of(
            call("\\bInstant\\s*\\.\\s*now\\s*\\(", "reads the clock (take `now` as a parameter)"),
            call("\\b(?:LocalDateTime|LocalDate|LocalTime|ZonedDateTime|OffsetDateTime|Year|YearMonth)\\s*\\.\\s*now\\s*\\(",
                    "reads the clock (take `now` as a parameter)"),
            call("\\bClock\\s*\\.\\s*(?:system\\w*|tick\\w*)\\s*\\(", "reads the clock (take `now` as a parameter)"),
            call("\\bSystem\\s*\\.\\s*(?:currentTimeMillis|nanoTime)\\s*\\(", "reads the clock"),
            call("\\bnew\\s+(?:java\\s*\\.\\s*util\\s*\\.\\s*)?Random\\s*\\(", "uses a random source"),
            call("\\bnew\\s+(?:java\\s*\\.\\s*security\\s*\\.\\s*)?SecureRandom\\s*\\(", "uses a random source"),
            call("\\bSecureRandom\\s*\\.\\s*getInstance\\w*\\s*\\(", "uses a random source"),
            call("\\bThreadLocalRandom\\b", "uses a random source"),
            call("\\bMath\\s*\\.\\s*random\\s*\\(", "uses a random source"),
            call("\\bUUID\\s*\\.\\s*randomUUID\\s*\\(", "uses a random source"),
            call("\\bThread\\b", "uses threads (one writer thread owns the engine; it starts none)"));

    private CoreSourceRules() {}

    private static Forbidden call(String regex, String why) {
        return new Forbidden(Pattern.compile(regex), why);
    }

    /** Every violation in one file, as {@code "<file>:<line>: <what>"}; empty when the file is clean. */
    static List<String> violations(String file, String source) {
        String code = codeOnly(source);
        List<String> found = new ArrayList<>();
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            String name = m.group(2).replaceAll("\\s+", "");
            String where = file + ":" + lineOf(code, m.start(2)) + ": ";
            if (ALLOWED_IMPORTS.stream().noneMatch(name::startsWith)) {
                found.add(where + "import " + name + " (core may import only java.* and dev.sift.core.*)");
            } else if (IO_PACKAGES.stream().anyMatch(name::startsWith)) {
                found.add(where + "import " + name + " (core does no I/O)");
            }
        }
        Matcher q = QUALIFIED_FOREIGN.matcher(code);
        while (q.find()) {
            if (!isInImport(code, q.start())) {
                found.add(file + ":" + lineOf(code, q.start()) + ": uses " + q.group(1).replaceAll("\\s+", "")
                        + ".* written out in full (core may use only java.* and dev.sift.core.*)");
            }
        }
        for (Forbidden f : FORBIDDEN_CALLS) {
            Matcher c = f.pattern().matcher(code);
            while (c.find()) {
                if (!isInImport(code, c.start())) {
                    String what = c.group().replaceAll("[\\s(]+$", "").replaceAll("\\s+", " ");
                    found.add(file + ":" + lineOf(code, c.start()) + ": " + what + " " + f.why());
                }
            }
        }
        for (String imported : importedNames(code)) {
            if (imported.equals("java.lang.Thread") || imported.endsWith(".ThreadLocalRandom")
                    || imported.equals("java.util.Random") || imported.equals("java.security.SecureRandom")) {
                found.add(file + ": import " + imported + " (core never reads a random source or starts threads)");
            }
        }
        return found;
    }

    private static List<String> importedNames(String code) {
        List<String> names = new ArrayList<>();
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            names.add(m.group(2).replaceAll("\\s+", ""));
        }
        return names;
    }

    private static boolean isInImport(String code, int index) {
        int lineStart = code.lastIndexOf('\n', index) + 1;
        return code.startsWith("import", skipBlanks(code, lineStart));
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The source with comments, string, text-block and char literals blanked out (newlines kept, so line numbers
     * still match).
     */
    static String codeOnly(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(src, i, end, b);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !src.startsWith("\"\"\"", j)) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 3);
                b.append("\"\"\"");
                blank(src, Math.min(n, i + 3), Math.max(i + 3, Math.min(n, j)), b);
                if (j < n) {
                    b.append("\"\"\"");
                }
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j, n);
                b.append(c);
                blank(src, i + 1, j, b);
                if (j < n && src.charAt(j) == c) {
                    b.append(c);
                    j++;
                }
                i = j;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static void blank(String src, int from, int to, StringBuilder b) {
        for (int k = from; k < to; k++) {
            b.append(src.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
