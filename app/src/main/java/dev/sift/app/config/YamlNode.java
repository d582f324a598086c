package dev.sift.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on (and, for a mapping entry, the line of its key), so that every problem
 * can name its line. Mappings hold {@code Map<String, YamlNode>}, sequences {@code List<YamlNode>}, scalars their
 * Java value; {@code text} keeps a scalar as written, which tells {@code +1} from {@code 1}.
 */
record YamlNode(Object value, int line, int keyLine, String text) {
    static YamlNode read(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? null : read(p, t, 0);
    }

    private static YamlNode read(JsonParser p, JsonToken t, int keyLine) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int kl = p.currentTokenLocation().getLineNr();
                    map.put(name, read(p, p.nextToken(), kl));
                }
                return new YamlNode(map, line, keyLine, null);
            }
            case START_ARRAY -> {
                List<YamlNode> list = new ArrayList<>();
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    list.add(read(p, item, line));
                }
                return new YamlNode(list, line, keyLine, null);
            }
            case VALUE_TRUE, VALUE_FALSE -> { return new YamlNode(t == JsonToken.VALUE_TRUE, line, keyLine, p.getText()); }
            case VALUE_NULL -> { return new YamlNode(null, line, keyLine, null); }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new YamlNode(p.getNumberValue(), line, keyLine, p.getText());
            }
            default -> { return new YamlNode(p.getText(), line, keyLine, p.getText()); }
        }
    }

    /** A mapping's entries; call only after checking {@code value() instanceof Map}. */
    @SuppressWarnings("unchecked")
    Map<String, YamlNode> entries() {
        return (Map<String, YamlNode>) value;
    }

    /** A sequence's items; call only after checking {@code value() instanceof List}. */
    @SuppressWarnings("unchecked")
    List<YamlNode> items() {
        return (List<YamlNode>) value;
    }
}
