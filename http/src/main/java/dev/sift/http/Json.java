package dev.sift.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sift.http.problem.ApiException;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * The one JSON configuration for every request and response. Parsing is strict where sloppiness hides mistakes
 * (duplicate keys, trailing garbage, invalid UTF-8) and bounded where input could exhaust the server (nesting).
 */
public final class Json {
    /** Deep enough for any real payload (custom_details included), shallow enough to stop stack abuse. */
    public static final int MAX_NESTING = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(4 * 1024 * 1024).build());
    }

    private Json() {}

    /** Parses a request body; every failure becomes a 400 that says what is wrong and where. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("empty body", "the request body is empty; expected a JSON object", null);
        }
        try (JsonParser p = MAPPER.createParser(body)) {
            JsonNode node = MAPPER.readTree(p);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("empty body", "the request body holds no JSON value", null);
            }
            return node;
        } catch (CharConversionException e) {
            throw ApiException.badRequest("invalid UTF-8", "the body is not valid UTF-8: " + firstLine(e), null);
        } catch (JsonProcessingException e) {
            String msg = firstLine(e);
            if (msg.contains("Invalid UTF-8") || msg.contains("Invalid UTF8")) {
                throw ApiException.badRequest("invalid UTF-8", "the body is not valid UTF-8: " + msg, null);
            }
            if (msg.contains("nesting depth")) {
                throw ApiException.badRequest("too deeply nested",
                        "the JSON is nested deeper than " + MAX_NESTING + " levels", null);
            }
            throw ApiException.badRequest("malformed JSON", "the body is not valid JSON: " + msg, null);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON", "the body could not be read: " + e.getMessage(), null);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialized", e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
