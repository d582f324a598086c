package dev.sift.app.config;

/** One mistake in a rules file, located so that an editor can jump to it. */
public record ConfigProblem(String file, int line, String field, String message, String hint) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + message + (hint == null ? "" : " (hint: " + hint + ")");
    }
}
