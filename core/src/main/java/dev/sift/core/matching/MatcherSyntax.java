package dev.sift.core.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Reads Alertmanager's matcher strings, as its route {@code matchers} accept them: {@code name op value} with
 * {@code op} one of {@code = != =~ !~}, the value quoted ({@code "db|storage"}, with {@code \"}, {@code \\} and
 * {@code \n} escapes) or bare; several matchers separated by commas, optionally inside braces
 * ({@code {severity="critical", team="db"}}). Label names are Prometheus names, or quoted; {@code @source} and
 * {@code @integration} are the pseudo-fields of {@link AlertFields}.
 *
 * <p>Stricter than Alertmanager in one way: a bare value may not start with an operator character, so that a
 * typo such as {@code severity=="critical"} is an error rather than a matcher on the value {@code ="critical"}.
 */
final class MatcherSyntax {
    private static final String OPERATOR_CHARS = "=!~<>";
    private static final String OPERATORS_HINT = "use = (equals), != (differs), =~ (matches the regex) or !~";

    private final String text;
    private int pos;

    private MatcherSyntax(String text) {
        this.text = text;
    }

    /** @throws MatcherSyntaxException saying what is wrong, with a hint */
    static List<Matcher> parse(String text) {
        return new MatcherSyntax(text).all();
    }

    private List<Matcher> all() {
        String body = text.strip();
        if (body.startsWith("{")) {
            if (!body.endsWith("}")) {
                throw new MatcherSyntaxException("missing '}' at the end of '" + text + "'",
                        "write {name=\"value\", …} or leave the braces out");
            }
            return new MatcherSyntax(body.substring(1, body.length() - 1)).list(text);
        }
        return list(text);
    }

    private List<Matcher> list(String original) {
        List<Matcher> out = new ArrayList<>();
        skipSpaces();
        if (pos == text.length()) {
            throw new MatcherSyntaxException("empty matcher", "write name=\"value\", e.g. severity=\"critical\"");
        }
        while (pos < text.length()) {
            out.add(one());
            skipSpaces();
            if (pos < text.length()) {
                if (text.charAt(pos) != ',') {
                    throw new MatcherSyntaxException("unexpected '" + text.substring(pos) + "' after "
                            + out.getLast() + " in '" + original + "'",
                            "separate matchers with commas, or write one matcher per list item");
                }
                pos++;
                skipSpaces();
            }
        }
        return out;
    }

    private Matcher one() {
        int start = pos;
        String name = name();
        skipSpaces();
        int opStart = pos;
        while (pos < text.length() && OPERATOR_CHARS.indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String op = text.substring(opStart, pos);
        if (op.isEmpty()) {
            throw new MatcherSyntaxException("expected an operator after '" + name + "' in '" + text.strip() + "'",
                    OPERATORS_HINT + ", e.g. " + name + "=\"value\"");
        }
        MatchType type = MatchType.ofOperator(op);
        if (type == null) {
            throw new MatcherSyntaxException("unknown operator '" + op + "' in '" + text.substring(start).strip() + "'",
                    OPERATORS_HINT + (op.equals("==") ? "; equality is a single =" : ""));
        }
        skipSpaces();
        String value = value();
        try {
            return Matcher.of(name, type, value);
        } catch (PatternSyntaxException e) {
            throw new MatcherSyntaxException("invalid regular expression \"" + value + "\": " + e.getDescription(),
                    "the expression must match the whole value, as in Alertmanager; escape special characters"
                            + " with \\\\ inside the quotes");
        }
    }

    private String name() {
        if (pos < text.length() && text.charAt(pos) == '"') {
            return quoted("label name");
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '@' || text.charAt(pos) == ':' || text.charAt(pos) == '.'
                || text.charAt(pos) == '-')) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty()) {
            throw new MatcherSyntaxException("expected a label name at the start of '" + text.substring(start).strip()
                    + "'", "write name=\"value\", e.g. severity=\"critical\"");
        }
        if (name.startsWith("@")) {
            if (!AlertFields.PSEUDO_FIELDS.contains(name)) {
                throw new MatcherSyntaxException("unknown field '" + name + "'",
                        "the fields about where an alert came from are @source and @integration");
            }
            return name;
        }
        if (!isLabelName(name)) {
            throw new MatcherSyntaxException("invalid label name '" + name + "'",
                    "label names are letters, digits and _, not starting with a digit; quote any other name");
        }
        return name;
    }

    private String value() {
        if (pos < text.length() && text.charAt(pos) == '"') {
            return quoted("value");
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',') {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    /** A double-quoted string starting at {@code pos}, unescaped; {@code pos} ends after the closing quote. */
    private String quoted(String what) {
        int open = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(e == 'n' ? '\n' : e);
            } else {
                sb.append(c);
            }
        }
        throw new MatcherSyntaxException("unterminated quoted " + what + " " + text.substring(open).strip(),
                "end the " + what + " with a double quote; write \\\" for a quote inside it");
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Prometheus' classic label names: [a-zA-Z_][a-zA-Z0-9_]*. */
    static boolean isLabelName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
