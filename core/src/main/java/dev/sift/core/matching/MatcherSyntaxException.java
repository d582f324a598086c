package dev.sift.core.matching;

/** A matcher that cannot be read: what is wrong, and a hint how to write it. */
public final class MatcherSyntaxException extends IllegalArgumentException {
    private final String hint;

    MatcherSyntaxException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    /** How to write it instead, for people; may be null. */
    public String hint() {
        return hint;
    }
}
