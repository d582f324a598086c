package dev.sift.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV as spreadsheets read it, with attacker-controlled text kept as text. */
class CsvTest {
    @Test
    void quotesWhatNeedsQuotingAndKeepsFormulasAsText() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "=HYPERLINK(\"http://evil\")");
        row.put("n", -3);
        row.put("text", "a, \"b\"\nc");
        row.put("none", null);
        assertThat(Csv.write(List.of("kind", "n", "text", "none"), List.of(row))).isEqualTo(
                "kind,n,text,none\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",-3,\"a, \"\"b\"\"\nc\",\r\n");
        assertThat(Csv.field("+1")).isEqualTo("'+1");
        assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.field("-x")).isEqualTo("'-x");
        assertThat(Csv.field("plain")).isEqualTo("plain");
    }
}
