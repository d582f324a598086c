package dev.sift.core.matching;

/** The four operators of Alertmanager's matchers; regular expressions always match the whole value. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    public String operator() {
        return operator;
    }

    public boolean isRegex() {
        return this == REGEX || this == NOT_REGEX;
    }

    /** The type written as {@code operator}, or null when it is none of the four. */
    public static MatchType ofOperator(String operator) {
        for (MatchType t : values()) {
            if (t.operator.equals(operator)) {
                return t;
            }
        }
        return null;
    }
}
