package dev.sift.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {
    static final AlertFields DB_CRITICAL = new AlertFields(
            Map.of("alertname", "DiskFull", "severity", "critical", "team", "db", "source", "db1"),
            "alertmanager", "prometheus-eu");

    static boolean matches(String matcher, AlertFields alert) {
        return Matcher.all(Matcher.parse(matcher), alert);
    }

    @Nested
    class Semantics {
        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = ';', value = {
                "severity=\"critical\"    ;true",
                "severity=\"Critical\"    ;false",
                "severity!=\"critical\"   ;false",
                "severity!=\"warning\"    ;true",
                "team=~\"db|storage\"     ;true",
                "team=~\"d\"              ;false",  // anchored: a regex must match the whole value
                "team=~\"d.*\"            ;true",
                "team!~\"db|storage\"     ;false",
                "team!~\"web\"            ;true",
                "zone=\"\"                ;true",   // a missing label is the empty value, as in Alertmanager
                "zone!=\"eu\"             ;true",
                "zone=~\".*\"             ;true",
                "zone=~\".+\"             ;false",
                "source=\"db1\"           ;true",   // the label named source (a PagerDuty event's payload.source)
                "@source=\"alertmanager\" ;true",   // the kind of source
                "@source=\"events\"       ;false",
                "@integration=~\"prometheus-.*\" ;true",
        })
        void followAlertmanager(String matcher, boolean expected) {
            assertThat(matches(matcher, DB_CRITICAL)).isEqualTo(expected);
        }

        @Test
        void anEmptyListMatchesEverything() {
            assertThat(Matcher.all(List.of(), DB_CRITICAL)).isTrue();
        }

        @Test
        void severalMatchersMustAllMatch() {
            assertThat(matches("{severity=\"critical\", team=~\"db|storage\"}", DB_CRITICAL)).isTrue();
            assertThat(matches("severity=\"critical\", team=\"web\"", DB_CRITICAL)).isFalse();
        }
    }

    @Nested
    class Syntax {
        @Test
        void readsQuotedBareAndBracedForms() {
            assertThat(Matcher.parse("severity=critical")).containsExactly(
                    Matcher.of("severity", MatchType.EQUAL, "critical"));
            assertThat(Matcher.parse("  team =~ \"db|storage\" ")).containsExactly(
                    Matcher.of("team", MatchType.REGEX, "db|storage"));
            assertThat(Matcher.parse("{a!=\"x\", b!~\"y\",}")).containsExactly(
                    Matcher.of("a", MatchType.NOT_EQUAL, "x"), Matcher.of("b", MatchType.NOT_REGEX, "y"));
            assertThat(Matcher.parse("\"service name\"=\"web shop\"")).containsExactly(
                    Matcher.of("service name", MatchType.EQUAL, "web shop"));
        }

        @Test
        void unescapesQuotedValuesAndPrintsThemBack() {
            Matcher m = Matcher.parse("summary=\"say \\\"hi\\\" \\\\ bye\"").getFirst();
            assertThat(m.value()).isEqualTo("say \"hi\" \\ bye");
            assertThat(m.toString()).isEqualTo("summary=\"say \\\"hi\\\" \\\\ bye\"");
            assertThat(Matcher.parse(m.toString())).containsExactly(m);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
                "''                        | empty matcher",
                "'severity critical'       | expected an operator after 'severity' in 'severity critical'",
                "'a=\"1\" b=\"2\"'         | unexpected 'b=\"2\"' after a=\"1\" in 'a=\"1\" b=\"2\"'",
                "'severity'                | expected an operator after 'severity' in 'severity'",
                "'severity==\"critical\"'  | unknown operator '==' in 'severity==\"critical\"'",
                "'severity~=critical'      | unknown operator '~=' in 'severity~=critical'",
                "'team=\"db'               | unterminated quoted value \"db",
                "'1team=\"db\"'            | invalid label name '1team'",
                "'@team=\"db\"'            | unknown field '@team'",
                "'=\"db\"'                 | expected a label name at the start of '=\"db\"'",
                "'{team=\"db\"'            | missing '}' at the end of '{team=\"db\"'",
        })
        void refusesMistakesWithAMessageAndAHint(String text, String message) {
            assertRefused(text, message);
        }

        @Test
        void refusesAnInvalidRegularExpression() {
            assertRefused("team=~\"db|(storage\"", "invalid regular expression \"db|(storage\": Unclosed group");
        }

        private static void assertRefused(String text, String message) {
            assertThatThrownBy(() -> Matcher.parse(text))
                    .isInstanceOf(MatcherSyntaxException.class)
                    .hasMessage(message)
                    .satisfies(e -> assertThat(((MatcherSyntaxException) e).hint()).isNotBlank());
        }
    }
}
