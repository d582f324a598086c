package dev.sift.core.matching;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One condition on one label or pseudo-field, with Alertmanager's semantics: a missing label has the empty value
 * (so {@code team!="db"} matches alerts without a team, and {@code team=""} matches only those), and a regular
 * expression must match the whole value ({@code db} does not match {@code db-replica}). Immutable and
 * thread-safe.
 */
public final class Matcher {
    private final String name;
    private final MatchType type;
    private final String value;
    private final Pattern pattern;

    private Matcher(String name, MatchType type, String value, Pattern pattern) {
        this.name = name;
        this.type = type;
        this.value = value;
        this.pattern = pattern;
    }

    /**
     * @throws java.util.regex.PatternSyntaxException when a regex type's value is not a valid regular expression
     */
    public static Matcher of(String name, MatchType type, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        return new Matcher(name, type, value, type.isRegex() ? Pattern.compile(value) : null);
    }

    /** Parses Alertmanager's matcher syntax, such as {@code team=~"db|storage"}; see {@link MatcherSyntax}. */
    public static List<Matcher> parse(String text) {
        return MatcherSyntax.parse(text);
    }

    public boolean matches(AlertFields alert) {
        String actual = alert.value(name);
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    /** Whether every matcher matches: an empty list matches everything. */
    public static boolean all(List<Matcher> matchers, AlertFields alert) {
        for (Matcher m : matchers) {
            if (!m.matches(alert)) {
                return false;
            }
        }
        return true;
    }

    public String name() { return name; }
    public MatchType type() { return type; }
    public String value() { return value; }

    /** Alertmanager's syntax, value always quoted: {@code team=~"db|storage"}. Parsing it gives this matcher back. */
    @Override
    public String toString() {
        return name + type.operator() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.type == type && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }
}
