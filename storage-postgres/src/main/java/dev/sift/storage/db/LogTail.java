package dev.sift.storage.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, to put into an exception message: why a start failed is usually in there. */
final class LogTail {
    private static final int LINES = 15;
    private static final int MAX_CHARS = 4_000;

    private LogTail() {}

    /** "\n--- last lines of FILE ---\n..." or "" when the file does not exist or cannot be read. */
    static String of(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
            if (tail.length() > MAX_CHARS) {
                tail = tail.substring(tail.length() - MAX_CHARS);
            }
            return "\n--- last lines of " + file + " ---\n" + tail;
        } catch (IOException | RuntimeException e) { // MalformedInputException included: logs are not always UTF-8
            return "\n(see " + file + ")";
        }
    }
}
