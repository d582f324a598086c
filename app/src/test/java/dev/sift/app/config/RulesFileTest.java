package dev.sift.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.core.flapping.FlapPolicy;
import dev.sift.core.incident.Priority;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.routing.RoutingDecision;
import dev.sift.core.rules.Rules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules file as people write it: what a valid file means, and the exact message for each kind of mistake
 * (each names file, line and field, and says how to fix it).
 */
class RulesFileTest {
    static List<String> problems(String yaml) {
        return problems(yaml, System.getenv());
    }

    /** Every problem the file has, read with these environment variables (for {@code ${VAR}} secrets). */
    static List<String> problems(String yaml, Map<String, String> env) {
        try {
            RulesFile.parse("sift.yaml", yaml, env);
        } catch (InvalidConfig e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    static String problem(String yaml) {
        List<String> all = problems(yaml);
        assertThat(all).as("exactly one problem").hasSize(1);
        return all.getFirst();
    }

    @Nested
    class ValidFiles {
        @Test
        void anEmptyFileMeansTheDefaults() {
            assertThat(RulesFile.parse("sift.yaml", "")).isEqualTo(Rules.defaults());
        }

        @Test
        void aFileWithoutRoutesKeepsWorkingAsBefore() {
            Rules rules = RulesFile.parse("sift.yaml", """
                    priorities:
                      critical: P2
                    queues:
                      labels: [team]
                      default: ops
                    """);
            assertThat(rules.routes().isEmpty()).isTrue();
            RoutingDecision d = rules.routing().decide(new AlertFields(Map.of("team", "db"), "alertmanager", "am"),
                    "critical");
            assertThat(d.queue()).isEqualTo("db");
            assertThat(d.priority()).isEqualTo(Priority.P2);
        }

        @Test
        void routesReadEveryFieldAndNestAndContinue() {
            Rules rules = RulesFile.parse("sift.yaml", """
                    channels:
                      - {name: pager, type: webhook, url: 'https://pager.example.org/hook'}
                      - {name: db-mail, type: email, host: smtp.example.org, from: sift@example.org, to: db@example.org}
                    routes:
                      - name: page-criticals
                        matchers: ['severity="critical"']
                        continue: true
                        channels: [pager]
                      - name: db
                        matchers: ['team=~"db|storage"', '@source="alertmanager"']
                        queue: dba
                        category: database
                        customer: acme
                        priority: +1
                        labels: {tier: 1, service: postgres}
                        runbook: https://wiki.example.org/runbooks/db
                        channels: [db-mail]
                        grouping: by-cluster
                        routes:
                          - name: db-replicas
                            matchers: ['{alertname=~"Replica.*", env!="dev"}']
                            priority: -2
                      - queue: everything-else
                    """);
            var alert = new AlertFields(Map.of("severity", "critical", "team", "db", "alertname", "ReplicaLag"),
                    "alertmanager", "prometheus");
            RoutingDecision d = rules.routing().decide(alert, "critical");
            assertThat(d.queue()).isEqualTo("dba");
            assertThat(d.priority()).isEqualTo(Priority.P2); // critical → P1, +1 then -2 on the way down
            assertThat(d.routing().routeName()).isEqualTo("page-criticals");
            assertThat(d.routing().channels()).containsExactly("pager", "db-mail");
            assertThat(d.routing().labels()).containsEntry("tier", "1");
            assertThat(d.routing().reason()).isEqualTo("route \"page-criticals\" (routes[0]): severity=\"critical\";"
                    + " also route \"db-replicas\" (routes[1].routes[0]): team=~\"db|storage\","
                    + " @source=\"alertmanager\", alertname=~\"Replica.*\", env!=\"dev\"");
            assertThat(rules.routing().decide(new AlertFields(Map.of(), "events", "x"), null).queue())
                    .isEqualTo("everything-else");
        }
    }

    /** Every kind of mistake, with the exact line people see. */
    @Nested
    class Mistakes {
        @Test
        void unknownTopLevelSectionSuggestsTheClosestName() {
            assertThat(problem("route:\n  - queue: x\n"))
                    .isEqualTo("sift.yaml:1: route: unknown field (hint: did you mean 'routes'?)");
        }

        @Test
        void unknownRouteFieldSuggestsTheClosestName() {
            assertThat(problem("routes:\n  - matchers: ['a=\"b\"']\n    queu: db\n"))
                    .isEqualTo("sift.yaml:3: routes[0].queu: unknown field (hint: did you mean 'queue'?)");
        }

        @Test
        void alertmanagersOldMatchFormSaysWhatToWriteInstead() {
            assertThat(problem("routes:\n  - match:\n      severity: critical\n"))
                    .isEqualTo("sift.yaml:2: routes[0].match: unknown field (hint: Alertmanager's old form; write"
                            + " matchers: ['name=\"value\"'])");
        }

        @Test
        void alertmanagersReceiverPointsToChannels() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    receiver: pager\n"))
                    .isEqualTo("sift.yaml:3: routes[0].receiver: unknown field (hint: routes name notification"
                            + " channels instead: channels: [name])");
        }

        @Test
        void matcherWithoutAnOperator() {
            assertThat(problem("routes:\n  - matchers: ['severity critical']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher 'severity critical': expected an"
                            + " operator after 'severity' in 'severity critical' (hint: use = (equals), != (differs),"
                            + " =~ (matches the regex) or !~, e.g. severity=\"value\")");
        }

        @Test
        void matcherWithAnUnknownOperator() {
            assertThat(problem("routes:\n  - matchers: ['severity==\"critical\"']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher 'severity==\"critical\"': unknown"
                            + " operator '==' in 'severity==\"critical\"' (hint: use = (equals), != (differs), =~"
                            + " (matches the regex) or !~; equality is a single =)");
        }

        @Test
        void matcherWithAnInvalidRegularExpression() {
            assertThat(problem("routes:\n  - matchers: ['team=~\"db|(storage\"']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher 'team=~\"db|(storage\"':"
                            + " invalid regular expression \"db|(storage\": Unclosed group (hint: the expression"
                            + " must match the whole value, as in Alertmanager; escape special characters with \\\\"
                            + " inside the quotes)");
        }

        @Test
        void matcherWithAnUnterminatedQuote() {
            assertThat(problem("routes:\n  - matchers: ['team=\"db']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher 'team=\"db': unterminated quoted"
                            + " value \"db (hint: end the value with a double quote; write \\\" for a quote inside it)");
        }

        @Test
        void matcherOnAnInvalidLabelName() {
            assertThat(problem("routes:\n  - matchers: ['1team=\"db\"']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher '1team=\"db\"': invalid label"
                            + " name '1team' (hint: label names are letters, digits and _, not starting with a digit;"
                            + " quote any other name)");
        }

        @Test
        void matcherOnAnUnknownPseudoField() {
            assertThat(problem("routes:\n  - matchers: ['@team=\"db\"']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher '@team=\"db\"': unknown field"
                            + " '@team' (hint: the fields about where an alert came from are @source and"
                            + " @integration)");
        }

        @Test
        void sourceMatcherWithATypo() {
            assertThat(problem("routes:\n  - matchers: ['@source=\"alertmanger\"']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: unknown source 'alertmanger' in"
                            + " @source=\"alertmanger\" (hint: did you mean 'alertmanager'?)");
        }

        @Test
        void emptyMatcher() {
            assertThat(problem("routes:\n  - matchers: ['']\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers[0]: invalid matcher '': empty matcher (hint: write"
                            + " name=\"value\", e.g. severity=\"critical\")");
        }

        @Test
        void matchersMustBeAList() {
            assertThat(problem("routes:\n  - matchers: severity=\"critical\"\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers: must be a list of matchers, got"
                            + " 'severity=\"critical\"' (hint: write matchers: ['severity=\"critical\"',"
                            + " 'team=~\"db|storage\"'])");
        }

        @Test
        void aMatcherMustBeAString() {
            assertThat(problem("routes:\n  - matchers:\n      - severity: critical\n"))
                    .isEqualTo("sift.yaml:3: routes[0].matchers[0]: must be a matcher string such as"
                            + " 'severity=\"critical\"', got a mapping (hint: quote the whole matcher:"
                            + " 'name=\"value\"')");
        }

        @Test
        void priorityOutOfRange() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    priority: P7\n"))
                    .isEqualTo("sift.yaml:3: routes[0].priority: unknown priority 'P7'; expected one of P1, P2, P3,"
                            + " P4, P5 (hint: P1 is the most urgent; +1 moves one step towards P1)");
        }

        @Test
        void priorityAdjustmentOutOfRange() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    priority: +9\n"))
                    .isEqualTo("sift.yaml:3: routes[0].priority: priority adjustment +9 is out of range; expected"
                            + " +1 … +4 (more urgent) or -1 … -4 (less urgent) (hint: P1 is the most urgent; +1"
                            + " moves one step towards P1)");
        }

        @Test
        void priorityAdjustmentThatIsNotANumber() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    priority: +one\n"))
                    .isEqualTo("sift.yaml:3: routes[0].priority: invalid priority adjustment '+one'; expected +1 …"
                            + " +4 (more urgent) or -1 … -4 (less urgent) (hint: P1 is the most urgent; +1 moves"
                            + " one step towards P1)");
        }

        @Test
        void aBareNumberAsPriorityIsAmbiguous() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    priority: 1\n"))
                    .isEqualTo("sift.yaml:3: routes[0].priority: priority 1 is ambiguous (hint: write P1 for a"
                            + " priority, or +1 / -1 to move it that many steps)");
        }

        @Test
        void aLargerBareNumberAsPriority() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    priority: 7\n"))
                    .isEqualTo("sift.yaml:3: routes[0].priority: priority 7 is ambiguous (hint: write P1 … P5 for a"
                            + " priority, or a signed number of steps such as +1 or -1)");
        }

        @Test
        void duplicateRouteNamesAnywhereInTheTree() {
            assertThat(problem("""
                    routes:
                      - name: db
                        matchers: ['team="db"']
                        routes:
                          - name: db
                            matchers: ['severity="critical"']
                    """)).isEqualTo("sift.yaml:5: routes[0].routes[0].name: duplicate route name 'db' (first used on"
                    + " line 2) (hint: route names must be unique: incidents and logs refer to routes by name)");
        }

        @Test
        void aRouteWithoutMatchersThatHidesTheRoutesAfterIt() {
            assertThat(problem("routes:\n  - queue: everything\n  - matchers: ['team=\"db\"']\n    queue: db\n"))
                    .isEqualTo("sift.yaml:2: routes[0].matchers: missing: a route without matchers matches every"
                            + " alert, so the routes after it are never reached (hint: add matchers, set continue:"
                            + " true, or move it last)");
        }

        @Test
        void continueMustBeABoolean() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    continue: \"yes\"\n"))
                    .isEqualTo("sift.yaml:3: routes[0].continue: must be true or false, got 'yes' (hint: write it"
                            + " without quotes)");
        }

        @Test
        void runbookMustBeAnHttpUrl() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    runbook: wiki/db\n"))
                    .isEqualTo("sift.yaml:3: routes[0].runbook: must be an http or https URL, got 'wiki/db' (hint:"
                            + " e.g. https://wiki.example.org/runbooks/disk-full)");
        }

        @Test
        void extraLabelsNeedValidNames() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    labels:\n      1tier: gold\n"))
                    .isEqualTo("sift.yaml:4: routes[0].labels.1tier: invalid label name '1tier' (hint: label names"
                            + " are letters, digits and _, not starting with a digit)");
        }

        @Test
        void extraLabelsMustBeAMapping() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    labels: [tier]\n"))
                    .isEqualTo("sift.yaml:3: routes[0].labels: must be a mapping, got a list");
        }

        @Test
        void channelsMustBeAList() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    channels: pager\n"))
                    .isEqualTo("sift.yaml:3: routes[0].channels: must be a list, got 'pager' (hint: e.g. channels:"
                            + " [db-pager, db-mail])");
        }

        @Test
        void aChannelListedTwice() {
            assertThat(problem("channels:\n  - {name: pager, type: webhook, url: 'https://pager.example.org/'}\n"
                    + "  - {name: mail, type: email, host: smtp, from: sift@example.org, to: a@example.org}\n"
                    + "routes:\n  - matchers: ['a=b']\n    channels: [pager, mail, pager]\n"))
                    .isEqualTo("sift.yaml:6: routes[0].channels[2]: channel 'pager' is listed twice");
        }

        @Test
        void queueMustBeANonEmptyString() {
            assertThat(problem("routes:\n  - matchers: ['a=b']\n    queue: ''\n"))
                    .isEqualTo("sift.yaml:3: routes[0].queue: must be a non-empty string, got ''");
        }

        @Test
        void routesMustBeAList() {
            assertThat(problem("routes:\n  db:\n    queue: dba\n"))
                    .isEqualTo("sift.yaml:2: routes: must be a list of routes, got a mapping (hint: start each route"
                            + " with '- ', e.g. - matchers: ['team=\"db\"'])");
        }

        @Test
        void aRouteMustBeAMapping() {
            assertThat(problem("routes:\n  - 'team=\"db\"'\n"))
                    .isEqualTo("sift.yaml:2: routes[0]: must be a mapping (a route), got 'team=\"db\"' (hint: write"
                            + " matchers: ['team=\"db\"'])");
        }

        @Test
        void anEmptyRoutesSection() {
            assertThat(problem("routes:\n"))
                    .isEqualTo("sift.yaml:1: routes: is empty (hint: remove it, or list routes: - matchers:"
                            + " ['team=\"db\"'])");
        }

        @Test
        void anEmptyPrioritiesSection() {
            assertThat(problem("priorities:\nqueues:\n  default: ops\n"))
                    .isEqualTo("sift.yaml:1: priorities: is empty (hint: remove the section to use the defaults, or"
                            + " fill it in)");
        }

        @Test
        void aSeverityMappedToAnUnknownPriority() {
            assertThat(problem("priorities:\n  critical: P0\n"))
                    .isEqualTo("sift.yaml:2: priorities.critical: unknown priority 'P0'; expected one of P1, P2, P3,"
                            + " P4, P5 (hint: map each severity to P1 (most urgent) … P5)");
        }

        @Test
        void anInvalidDuration() {
            assertThat(problem("automation:\n  closeAfter: 3600\n"))
                    .isEqualTo("sift.yaml:2: automation.closeAfter: must be a duration such as 30m, 4h or 1d, got"
                            + " 3600 (hint: write units: 3600 seconds is 1h)");
        }

        @Test
        void notValidYaml() {
            assertThat(problem("routes:\n  - matchers: ['a=b'\n  - queue: x\n"))
                    .isEqualTo("sift.yaml:2: -: not valid YAML: while parsing a flow sequence (hint: check the"
                            + " indentation and quotes around this line)");
        }

        @Test
        void everyMistakeIsReportedNotJustTheFirst() {
            assertThat(problems("""
                    automation:
                      closeafter: 24h
                    routes:
                      - name: a
                        matchers: ['team=~"("']
                        priority: P9
                      - name: a
                        runbook: ftp://example.org/x
                    """)).containsExactly(
                    "sift.yaml:2: automation.closeafter: unknown field (hint: did you mean 'closeAfter'?)",
                    "sift.yaml:5: routes[0].matchers[0]: invalid matcher 'team=~\"(\"': invalid regular expression"
                            + " \"(\": Unclosed group (hint: the expression must match the whole value, as in"
                            + " Alertmanager; escape special characters with \\\\ inside the quotes)",
                    "sift.yaml:6: routes[0].priority: unknown priority 'P9'; expected one of P1, P2, P3, P4, P5"
                            + " (hint: P1 is the most urgent; +1 moves one step towards P1)",
                    "sift.yaml:7: routes[1].name: duplicate route name 'a' (first used on line 4) (hint: route names"
                            + " must be unique: incidents and logs refer to routes by name)",
                    "sift.yaml:8: routes[1].runbook: must be an http or https URL, got 'ftp://example.org/x' (hint:"
                            + " e.g. https://wiki.example.org/runbooks/disk-full)");
        }

        @Test
        void anInvalidFileIsRefusedWhole() {
            assertThatThrownBy(() -> RulesFile.parse("sift.yaml", "routes:\n  - queue: ''\n"))
                    .isInstanceOf(InvalidConfig.class).hasMessageStartingWith("1 problem(s):");
        }
    }

    /** The {@code silences:} and {@code maintenance:} sections. */
    @Nested
    class Silences {
        @Test
        void silencesAndMaintenanceWindowsReadEveryField() {
            Rules rules = RulesFile.parse("sift.yaml", """
                    silences:
                      - name: db-move
                        matchers: ['team="db"']
                        startsAt: 2026-12-01T20:00:00Z
                        endsAt: 2026-12-01T23:00:00+01:00
                        comment: moving the database
                    maintenance:
                      - name: nightly-backup
                        matchers: ['job="backup"', 'env="prod"']
                        every: [mon, Tue]
                        from: 22:00
                        to: "02:00"
                        timeZone: Europe/Berlin
                    """);
            var silence = rules.silencing().silences().getFirst();
            assertThat(silence.name()).isEqualTo("db-move");
            assertThat(silence.startsAt()).isEqualTo(java.time.Instant.parse("2026-12-01T20:00:00Z"));
            assertThat(silence.endsAt()).isEqualTo(java.time.Instant.parse("2026-12-01T22:00:00Z"));
            assertThat(silence.comment()).isEqualTo("moving the database");
            var window = rules.silencing().maintenance().getFirst();
            assertThat(window.matchers()).hasSize(2);
            assertThat(window.schedule().days()).containsExactlyInAnyOrder(java.time.DayOfWeek.MONDAY,
                    java.time.DayOfWeek.TUESDAY);
            assertThat(window.schedule().from()).isEqualTo(java.time.LocalTime.of(22, 0));
            assertThat(window.schedule().to()).isEqualTo(java.time.LocalTime.of(2, 0));
            assertThat(window.schedule().zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        }

        @Test
        void aSilenceWithoutAnEnd() {
            assertThat(problem("silences:\n  - name: x\n    matchers: ['a=b']\n"))
                    .isEqualTo("sift.yaml:2: silences[0].endsAt: missing: a silence needs an end (hint: e.g. endsAt:"
                            + " 2026-12-01T23:00:00Z; for a recurring window use the maintenance section)");
        }

        @Test
        void aSilenceThatEndsBeforeItStarts() {
            assertThat(problem("silences:\n  - name: x\n    matchers: ['a=b']\n    startsAt: 2026-12-01T20:00:00Z\n"
                    + "    endsAt: 2026-12-01T19:00:00Z\n"))
                    .isEqualTo("sift.yaml:5: silences[0].endsAt: must be after startsAt (2026-12-01T20:00:00Z)");
        }

        @Test
        void aSilenceTimeThatIsNotRfc3339() {
            assertThat(problem("silences:\n  - name: x\n    matchers: ['a=b']\n    endsAt: tomorrow\n"))
                    .isEqualTo("sift.yaml:4: silences[0].endsAt: must be an RFC 3339 time, got 'tomorrow' (hint: e.g."
                            + " 2026-12-01T20:00:00Z or 2026-12-01T21:00:00+01:00)");
        }

        @Test
        void aSilenceWithoutMatchersWouldMuteEverything() {
            assertThat(problem("silences:\n  - name: x\n    endsAt: 2026-12-01T20:00:00Z\n"))
                    .isEqualTo("sift.yaml:2: silences[0].matchers: missing: without matchers it would mute every alert"
                            + " (hint: e.g. matchers: ['team=\"db\"'])");
            assertThat(problem("silences:\n  - name: x\n    matchers: []\n    endsAt: 2026-12-01T20:00:00Z\n"))
                    .isEqualTo("sift.yaml:3: silences[0].matchers: is empty: it would mute every alert (hint: e.g."
                            + " matchers: ['team=\"db\"'])");
        }

        @Test
        void aSilenceWithoutAName() {
            assertThat(problem("silences:\n  - matchers: ['a=b']\n    endsAt: 2026-12-01T20:00:00Z\n"))
                    .isEqualTo("sift.yaml:2: silences[0].name: missing (hint: alerts, the API and the timeline name"
                            + " it by it)");
        }

        @Test
        void namesAreUniqueAcrossSilencesAndMaintenanceWindows() {
            assertThat(problem("""
                    silences:
                      - name: db
                        matchers: ['a=b']
                        endsAt: 2026-12-01T20:00:00Z
                    maintenance:
                      - name: db
                        matchers: ['a=b']
                        every: [sat]
                        from: "22:00"
                        to: "02:00"
                        timeZone: UTC
                    """)).isEqualTo("sift.yaml:6: maintenance[0].name: duplicate name 'db' (first used on line 2)"
                    + " (hint: silences and maintenance windows need names of their own)");
        }

        static final String WINDOW = "maintenance:\n  - name: w\n    matchers: ['a=b']\n";

        @Test
        void anUnknownDaySuggestsTheClosest() {
            assertThat(problem(WINDOW + "    every: [mon, thur]\n    from: \"22:00\"\n    to: \"02:00\"\n"
                    + "    timeZone: UTC\n"))
                    .isEqualTo("sift.yaml:4: maintenance[0].every[1]: unknown day 'thur' (hint: did you mean 'thu'?)");
        }

        @Test
        void aWindowWithoutDays() {
            assertThat(problem(WINDOW + "    every: []\n    from: \"22:00\"\n    to: \"02:00\"\n    timeZone: UTC\n"))
                    .isEqualTo("sift.yaml:4: maintenance[0].every: is empty (hint: list the days the window starts"
                            + " on: every: [sat, sun])");
        }

        @Test
        void aTimeOfDayOutOfRange() {
            assertThat(problem(WINDOW + "    every: [sat]\n    from: \"25:00\"\n    to: \"02:00\"\n    timeZone: UTC\n"))
                    .isEqualTo("sift.yaml:5: maintenance[0].from: must be a time of day HH:MM, got '25:00' (hint: e.g."
                            + " \"22:00\"; \"24:00\" or \"00:00\" is midnight)");
        }

        @Test
        void anUnknownTimeZone() {
            assertThat(problem(WINDOW + "    every: [sat]\n    from: \"22:00\"\n    to: \"02:00\"\n"
                    + "    timeZone: Europe/Berln\n"))
                    .isEqualTo("sift.yaml:7: maintenance[0].timeZone: unknown time zone 'Europe/Berln' (hint: a name"
                            + " of the tz database such as Europe/Berlin, America/New_York or UTC)");
        }

        @Test
        void aWindowWithoutATimeZone() {
            assertThat(problem(WINDOW + "    every: [sat]\n    from: \"22:00\"\n    to: \"02:00\"\n"))
                    .isEqualTo("sift.yaml:2: maintenance[0].timeZone: missing (hint: a time zone such as Europe/Berlin"
                            + " or UTC: windows follow its daylight saving changes)");
        }

        @Test
        void aWindowToMidnightOrFromAndToTheSameTimeLastsUntilTheNextDay() {
            Rules rules = RulesFile.parse("sift.yaml", WINDOW + "    every: [sat]\n    from: \"00:00\"\n    to: \"24:00\"\n"
                    + "    timeZone: UTC\n");
            var schedule = rules.silencing().maintenance().getFirst().schedule();
            assertThat(schedule.activeUntil(java.time.Instant.parse("2025-03-01T23:59:00Z")))
                    .contains(java.time.Instant.parse("2025-03-02T00:00:00Z"));
        }

        @Test
        void anUnknownMaintenanceFieldSuggestsTheClosest() {
            assertThat(problems(WINDOW + "    every: [sat]\n    from: \"22:00\"\n    to: \"02:00\"\n    timezone: UTC\n"))
                    .containsExactly("sift.yaml:2: maintenance[0].timeZone: missing (hint: a time zone such as"
                                    + " Europe/Berlin or UTC: windows follow its daylight saving changes)",
                            "sift.yaml:7: maintenance[0].timezone: unknown field (hint: did you mean 'timeZone'?)");
        }
    }

    @Nested
    class Inhibit {
        static final String RULE = "inhibit:\n  - name: db-down\n";

        @Test
        void anInhibitRuleReadsEveryField() {
            Rules rules = RulesFile.parse("sift.yaml", """
                    inhibit:
                      - name: db-down-mutes-replicas
                        source: ['alertname="DbDown"']
                        target: ['alertname=~"Replica.*"', 'severity!="critical"']
                        equal: [zone, cluster]
                    """);
            var rule = rules.inhibition().rules().getFirst();
            assertThat(rule.name()).isEqualTo("db-down-mutes-replicas");
            assertThat(rule.source()).hasSize(1);
            assertThat(rule.target()).hasSize(2);
            assertThat(rule.equal()).containsExactly("zone", "cluster");
        }

        @Test
        void aRuleWithoutSourceOrTarget() {
            assertThat(problems(RULE))
                    .containsExactly("sift.yaml:2: inhibit[0].source: missing: which alerts inhibit the target alerts"
                                    + " (hint: e.g. source: ['alertname=\"DbDown\"'])",
                            "sift.yaml:2: inhibit[0].target: missing: which alerts are inhibited (hint: e.g. target:"
                                    + " ['severity=~\"warning|info\"'])");
        }

        @Test
        void anEmptySourceWouldMakeEveryAlertInhibit() {
            assertThat(problem(RULE + "    source: []\n    target: ['severity=\"warning\"']\n"))
                    .isEqualTo("sift.yaml:3: inhibit[0].source: is empty: every alert would inhibit the target alerts"
                            + " (hint: e.g. source: ['alertname=\"DbDown\"'])");
        }

        @Test
        void aRuleWithoutAName() {
            assertThat(problem("inhibit:\n  - source: ['a=b']\n    target: ['c=d']\n"))
                    .isEqualTo("sift.yaml:2: inhibit[0].name: missing (hint: the timeline names the rule that"
                            + " inhibited an alert)");
        }

        @Test
        void twoRulesWithTheSameName() {
            assertThat(problem(RULE + "    source: ['a=b']\n    target: ['c=d']\n"
                    + "  - name: db-down\n    source: ['a=b']\n    target: ['e=f']\n"))
                    .isEqualTo("sift.yaml:5: inhibit[1].name: duplicate name 'db-down' (first used on line 2) (hint:"
                            + " inhibit rules need names of their own)");
        }

        @Test
        void anInvalidMatcherInTheTarget() {
            assertThat(problem(RULE + "    source: ['a=b']\n    target: ['severity==\"warning\"']\n"))
                    .startsWith("sift.yaml:4: inhibit[0].target[0]: invalid matcher 'severity==\"warning\"'");
        }

        @Test
        void equalNamesLabels() {
            assertThat(problems(RULE + "    source: ['a=b']\n    target: ['c=d']\n    equal: [zone, zone, 'data center',"
                    + " '@source']\n"))
                    .containsExactly("sift.yaml:5: inhibit[0].equal[1]: 'zone' is listed twice",
                            "sift.yaml:5: inhibit[0].equal[2]: invalid label name 'data center' (hint: label names are"
                                    + " letters, digits and _, not starting with a digit)",
                            "sift.yaml:5: inhibit[0].equal[3]: '@source' is not a label (hint: equal compares labels;"
                                    + " match on @source in source and target instead)");
            assertThat(problem(RULE + "    source: ['a=b']\n    target: ['c=d']\n    equal: zone\n"))
                    .isEqualTo("sift.yaml:5: inhibit[0].equal: must be a list, got 'zone' (hint: e.g. equal: [zone,"
                            + " cluster])");
        }

        @Test
        void alertmanagerFieldNamesGetSiftsNames() {
            assertThat(problems(RULE + "    source_matchers: ['a=b']\n    target: ['c=d']\n"))
                    .containsExactly("sift.yaml:2: inhibit[0].source: missing: which alerts inhibit the target alerts"
                                    + " (hint: e.g. source: ['alertname=\"DbDown\"'])",
                            "sift.yaml:3: inhibit[0].source_matchers: unknown field (hint: write source:"
                                    + " ['alertname=\"DbDown\"'] (Alertmanager's source_matchers))");
            assertThat(problem(RULE + "    source: ['a=b']\n    target: ['c=d']\n    equals: [zone]\n"))
                    .isEqualTo("sift.yaml:5: inhibit[0].equals: unknown field (hint: did you mean 'equal'?)");
        }

        @Test
        void theSectionIsAListOfMappings() {
            assertThat(problem("inhibit:\n  name: x\n"))
                    .isEqualTo("sift.yaml:2: inhibit: must be a list, got a mapping (hint: start each rule with"
                            + " '- name: …')");
            assertThat(problem("inhibit:\n  - just text\n"))
                    .isEqualTo("sift.yaml:2: inhibit[0]: must be a mapping, got 'just text'");
        }
    }

    @Nested
    class TransientsAndFlapping {
        static final String RULE = "transients:\n  - name: blips\n    matchers: ['alertname=\"RegistrationFailed\"']\n";

        @Test
        void aTransientRuleReadsEveryFieldAndFlappingHasADefault() {
            Rules rules = RulesFile.parse("sift.yaml", """
                    transients:
                      - name: registration-blips
                        matchers: ['alertname=~".*TransientFailure"']
                        holdFor: 10m
                        minOccurrences: 3
                        window: 15m
                      - name: flaky-probes
                        matchers: ['job="blackbox"']
                        holdFor: 2m
                    """);
            var first = rules.transients().rules().getFirst();
            assertThat(first.name()).isEqualTo("registration-blips");
            assertThat(first.holdFor()).isEqualTo(Duration.ofMinutes(10));
            assertThat(first.minOccurrences()).isEqualTo(3);
            assertThat(first.window()).isEqualTo(Duration.ofMinutes(15));
            assertThat(rules.transients().rules().get(1).minOccurrences()).isZero();
            assertThat(rules.flapping()).isEqualTo(FlapPolicy.DEFAULT);
            assertThat(RulesFile.parse("sift.yaml", "flapping: {changes: 6, window: 1h}\n").flapping())
                    .isEqualTo(new FlapPolicy(6, Duration.ofHours(1)));
            assertThat(RulesFile.parse("sift.yaml", "flapping: false\n").flapping().isOff()).isTrue();
        }

        @Test
        void aRuleThatHoldsNothing() {
            assertThat(problem(RULE))
                    .isEqualTo("sift.yaml:2: transients[0]: holds nothing: set holdFor, minOccurrences (with window),"
                            + " or both (hint: e.g. holdFor: 5m opens an incident only for an alert still firing"
                            + " after 5 minutes)");
        }

        @Test
        void aRuleWithoutNameOrMatchers() {
            assertThat(problems("transients:\n  - holdFor: 5m\n"))
                    .containsExactly("sift.yaml:2: transients[0].name: missing (hint: the pending alerts and the"
                                    + " auto-cleared metric name the rule)",
                            "sift.yaml:2: transients[0].matchers: missing: which alerts the rule holds (hint: e.g."
                                    + " matchers: ['alertname=~\".*Transient.*\"'])");
            assertThat(problem("transients:\n  - name: all\n    matchers: []\n    holdFor: 5m\n"))
                    .isEqualTo("sift.yaml:3: transients[0].matchers: is empty: every alert would be held (hint: e.g."
                            + " matchers: ['alertname=~\".*Transient.*\"'])");
        }

        @Test
        void twoRulesWithTheSameName() {
            assertThat(problem(RULE + "    holdFor: 5m\n" + RULE.substring("transients:\n".length())
                    + "    holdFor: 1m\n"))
                    .isEqualTo("sift.yaml:5: transients[1].name: duplicate name 'blips' (first used on line 2) (hint:"
                            + " transient rules need names of their own)");
        }

        @Test
        void holdForIsADuration() {
            assertThat(problem(RULE + "    holdFor: 300\n"))
                    .isEqualTo("sift.yaml:4: transients[0].holdFor: must be a duration such as 30m, 4h or 1d, got 300"
                            + " (hint: write units: 3600 seconds is 1h)");
            assertThat(problem(RULE + "    holdFor: 0s\n"))
                    .isEqualTo("sift.yaml:4: transients[0].holdFor: must be longer than 0s");
        }

        @Test
        void minOccurrencesIsAWholeNumberFromTwo() {
            assertThat(problem(RULE + "    minOccurrences: 1\n    window: 10m\n"))
                    .isEqualTo("sift.yaml:4: transients[0].minOccurrences: must be from 2 to 1000, got 1 (hint: 1 is"
                            + " every alert: remove minOccurrences to open incidents at once)");
            assertThat(problem(RULE + "    minOccurrences: three\n    window: 10m\n"))
                    .isEqualTo("sift.yaml:4: transients[0].minOccurrences: must be a whole number, got 'three' (hint:"
                            + " e.g. minOccurrences: 3)");
        }

        @Test
        void minOccurrencesAndWindowGoTogether() {
            assertThat(problem(RULE + "    minOccurrences: 3\n"))
                    .isEqualTo("sift.yaml:4: transients[0].window: missing: minOccurrences counts within a window"
                            + " (hint: e.g. window: 15m)");
            assertThat(problem(RULE + "    holdFor: 5m\n    window: 10m\n"))
                    .isEqualTo("sift.yaml:5: transients[0].window: is used only with minOccurrences (hint: add"
                            + " minOccurrences: 3, or remove window)");
        }

        @Test
        void snakeCaseAndPrometheusNamesGetSiftsNames() {
            assertThat(problems(RULE + "    hold_for: 5m\n"))
                    .containsExactly("sift.yaml:2: transients[0]: holds nothing: set holdFor, minOccurrences (with"
                                    + " window), or both (hint: e.g. holdFor: 5m opens an incident only for an alert"
                                    + " still firing after 5 minutes)",
                            "sift.yaml:4: transients[0].hold_for: unknown field (hint: did you mean 'holdFor'?)");
            assertThat(problems(RULE + "    for: 5m\n").getLast())
                    .isEqualTo("sift.yaml:4: transients[0].for: unknown field (hint: write holdFor: 5m (as"
                            + " Prometheus's 'for' in an alerting rule, but on Sift's side))");
            assertThat(problems(RULE + "    holdFor: 5m\n    min_occurrences: 3\n"))
                    .containsExactly("sift.yaml:5: transients[0].min_occurrences: unknown field (hint: did you mean"
                            + " 'minOccurrences'?)");
        }

        @Test
        void theSectionIsAListOfMappings() {
            assertThat(problem("transients:\n  name: x\n"))
                    .isEqualTo("sift.yaml:2: transients: must be a list, got a mapping (hint: start each rule with"
                            + " '- name: …')");
            assertThat(problem("transients:\n  - just text\n"))
                    .isEqualTo("sift.yaml:2: transients[0]: must be a mapping, got 'just text'");
        }

        @Test
        void flappingMistakes() {
            assertThat(problem("flapping: {changes: 1, window: 30m}\n"))
                    .isEqualTo("sift.yaml:1: flapping.changes: must be from 2 to 1000, got 1 (hint: to turn flap"
                            + " detection off, write flapping: false)");
            assertThat(problem("flapping:\n  changes: 4\n  window: 30\n"))
                    .isEqualTo("sift.yaml:3: flapping.window: must be a duration such as 30m, 4h or 1d, got 30 (hint:"
                            + " write units: 3600 seconds is 1h)");
            assertThat(problem("flapping:\n  changes: 4\n  windows: 30m\n"))
                    .isEqualTo("sift.yaml:3: flapping.windows: unknown field (hint: did you mean 'window'?)");
            assertThat(problem("flapping: true\n"))
                    .isEqualTo("sift.yaml:1: flapping: true is the default; write the numbers or false (hint: e.g."
                            + " flapping: {changes: 4, window: 30m}, or flapping: false to turn it off)");
            assertThat(problem("flapping:\n  changes: four\n"))
                    .isEqualTo("sift.yaml:2: flapping.changes: must be a whole number, got 'four' (hint: e.g."
                            + " changes: 4 (fired, recovered, fired, recovered))");
        }
    }

    @Nested
    class Sla {
        static final String OFFICE = """
                sla:
                  calendars:
                    - name: office
                      timeZone: Europe/Berlin
                      hours:
                        - every: [mon, tue, wed, thu, fri]
                          from: "09:00"
                          to: "17:00"
                      holidays: [2026-12-24, 2026-12-25]
                  policies:
                """;

        @Test
        void calendarsAndPoliciesReadEveryField() {
            Rules rules = RulesFile.parse("sift.yaml", OFFICE + """
                    - name: P1-default
                      priorities: [P1]
                      acknowledgeWithin: 15m
                      resolveWithin: 4h
                    - name: db-office
                      queues: [db, storage]
                      priorities: [P2, P3]
                      acknowledgeWithin: 1h
                      resolveWithin: 2d
                      calendar: office
                      raiseTo: P1
                    - name: everything-else
                      resolveWithin: 5d
                      raisePriority: true
                """);
            var policies = rules.sla().policies();
            assertThat(policies).extracting(p -> p.name())
                    .containsExactly("P1-default", "db-office", "everything-else");
            var db = policies.get(1);
            assertThat(db.queues()).containsExactlyInAnyOrder("db", "storage");
            assertThat(db.priorities()).containsExactlyInAnyOrder(Priority.P2, Priority.P3);
            assertThat(db.acknowledgeWithin()).isEqualTo(java.time.Duration.ofHours(1));
            assertThat(db.resolveWithin()).isEqualTo(java.time.Duration.ofDays(2));
            assertThat(db.raiseTo()).isEqualTo(Priority.P1);
            assertThat(db.calendar().zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
            assertThat(db.calendar().holidays()).contains(java.time.LocalDate.of(2026, 12, 24));
            assertThat(db.calendar().week()).containsOnlyKeys(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.TUESDAY,
                    java.time.DayOfWeek.WEDNESDAY, java.time.DayOfWeek.THURSDAY, java.time.DayOfWeek.FRIDAY);
            assertThat(policies.get(0).calendar().isAlways()).isTrue();
            assertThat(policies.get(2).raiseOneStep()).isTrue();
            assertThat(policies.get(2).acknowledgeWithin()).isNull();
            assertThat(rules.sla().policyFor("web", Priority.P4)).map(p -> p.name()).contains("everything-else");
        }

        @Test
        void aPolicyWithoutAClock() {
            assertThat(problem(OFFICE + "    - name: x\n      priorities: [P1]\n"))
                    .isEqualTo("sift.yaml:11: sla.policies[0]: has no clock: set acknowledgeWithin, resolveWithin or"
                            + " both (hint: e.g. acknowledgeWithin: 15m, resolveWithin: 4h)");
        }

        @Test
        void aPolicyWithoutAName() {
            assertThat(problem(OFFICE + "    - acknowledgeWithin: 15m\n"))
                    .isEqualTo("sift.yaml:11: sla.policies[0].name: missing (hint: the timeline and the API name the"
                            + " policy of an incident's SLA)");
        }

        @Test
        void resolveWithinShorterThanAcknowledgeWithin() {
            assertThat(problem(OFFICE + "    - name: x\n      acknowledgeWithin: 1h\n      resolveWithin: 30m\n"))
                    .isEqualTo("sift.yaml:13: sla.policies[0].resolveWithin: is shorter than acknowledgeWithin (1h)"
                            + " (hint: an incident is acknowledged before it is resolved; both clocks start at the"
                            + " first signal)");
        }

        @Test
        void anInvalidDurationInAPolicy() {
            assertThat(problem(OFFICE + "    - name: x\n      acknowledgeWithin: 15 minutes\n"))
                    .isEqualTo("sift.yaml:12: sla.policies[0].acknowledgeWithin: invalid duration '15 minutes';"
                            + " expected e.g. 30s, 15m, 4h, 1d12h");
        }

        @Test
        void anUnknownCalendarSuggestsTheClosest() {
            assertThat(problem(OFFICE + "    - name: x\n      acknowledgeWithin: 1h\n      calendar: offce\n"))
                    .isEqualTo("sift.yaml:13: sla.policies[0].calendar: unknown calendar 'offce' (hint: did you mean"
                            + " 'office'?)");
            assertThat(problem("sla:\n  policies:\n    - name: x\n      acknowledgeWithin: 1h\n"
                    + "      calendar: office\n"))
                    .isEqualTo("sift.yaml:5: sla.policies[0].calendar: unknown calendar 'office' (hint: define it under"
                            + " sla.calendars, or leave calendar out to count round the clock)");
        }

        @Test
        void anUnknownPriority() {
            assertThat(problem(OFFICE + "    - name: x\n      priorities: [P1, P0]\n      acknowledgeWithin: 1h\n"))
                    .isEqualTo("sift.yaml:12: sla.policies[0].priorities[1]: unknown priority 'P0'; expected one of"
                            + " P1, P2, P3, P4, P5");
            assertThat(problem(OFFICE + "    - name: x\n      acknowledgeWithin: 1h\n      raiseTo: urgent\n"))
                    .isEqualTo("sift.yaml:13: sla.policies[0].raiseTo: unknown priority 'urgent'; expected one of P1,"
                            + " P2, P3, P4, P5 (hint: the priority a breach raises the incident to, e.g. raiseTo: P1)");
        }

        @Test
        void raiseToAndRaisePriorityTogether() {
            assertThat(problem(OFFICE + "    - name: x\n      acknowledgeWithin: 1h\n      raiseTo: P1\n"
                    + "      raisePriority: true\n"))
                    .isEqualTo("sift.yaml:14: sla.policies[0].raisePriority: cannot be used with raiseTo (hint:"
                            + " raisePriority: true raises one step (P3 → P2); raiseTo: P1 raises to P1; choose one)");
        }

        @Test
        void aCatchAllPolicyHidesThePoliciesAfterIt() {
            assertThat(problem(OFFICE + "    - name: all\n      resolveWithin: 1d\n    - name: p1\n"
                    + "      priorities: [P1]\n      acknowledgeWithin: 5m\n"))
                    .isEqualTo("sift.yaml:13: sla.policies[1]: policy 'p1' is never used: policy 'all'"
                            + " (sla.policies[0]) before it applies to every incident (hint: the first policy that"
                            + " applies wins: put the catch-all last, or give it queues or priorities)");
        }

        @Test
        void duplicatePolicyNames() {
            assertThat(problem(OFFICE + "    - name: x\n      priorities: [P1]\n      acknowledgeWithin: 1h\n"
                    + "    - name: x\n      priorities: [P2]\n      acknowledgeWithin: 2h\n"))
                    .isEqualTo("sift.yaml:14: sla.policies[1].name: duplicate name 'x' (first used on line 11) (hint:"
                            + " policies need names of their own)");
        }

        @Test
        void workingHoursThatEndBeforeTheyStart() {
            assertThat(problem("""
                    sla:
                      calendars:
                        - name: night
                          timeZone: UTC
                          hours:
                            - every: [mon]
                              from: "22:00"
                              to: "06:00"
                    """))
                    .isEqualTo("sift.yaml:8: sla.calendars[0].hours[0].to: must be after from (22:00) (hint: working"
                            + " hours end on the day they start; for a night shift write two ranges, one to \"24:00\""
                            + " and one from \"00:00\")");
        }

        @Test
        void aCalendarWithoutHoursOrTimeZone() {
            assertThat(problems("sla:\n  calendars:\n    - name: office\n"))
                    .containsExactly("sift.yaml:3: sla.calendars[0].timeZone: missing (hint: a time zone such as"
                                    + " Europe/Berlin or UTC: windows follow its daylight saving changes)",
                            "sift.yaml:3: sla.calendars[0].hours: missing: when the SLA clocks run (hint: e.g. hours:"
                                    + " [{every: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\"}])");
        }

        @Test
        void aHolidayThatIsNotADate() {
            assertThat(problem("""
                    sla:
                      calendars:
                        - name: office
                          timeZone: UTC
                          hours: [{every: [mon], from: "09:00", to: "17:00"}]
                          holidays: [2026-12-24, christmas]
                    """))
                    .isEqualTo("sift.yaml:6: sla.calendars[0].holidays[1]: must be a date YYYY-MM-DD, got 'christmas'"
                            + " (hint: e.g. 2026-12-24; holidays are whole days in the calendar's time zone)");
        }

        @Test
        void anUnknownPolicyFieldSuggestsTheClosest() {
            assertThat(problem(OFFICE + "    - name: x\n      acknowledgeWitin: 15m\n      resolveWithin: 1h\n"))
                    .isEqualTo("sift.yaml:12: sla.policies[0].acknowledgeWitin: unknown field (hint: did you mean"
                            + " 'acknowledgeWithin'?)");
            assertThat(problem(OFFICE + "    - name: x\n      ackWithin: 15m\n      resolveWithin: 1h\n"))
                    .isEqualTo("sift.yaml:12: sla.policies[0].ackWithin: unknown field (hint: allowed here:"
                            + " acknowledgeWithin, calendar, name, priorities, queues, raisePriority, raiseTo,"
                            + " resolveWithin)");
            assertThat(problem("sla:\n  policy: []\n"))
                    .isEqualTo("sift.yaml:2: sla.policy: unknown field (hint: did you mean 'policies'?)");
        }

        @Test
        void thePoliciesMustBeAList() {
            assertThat(problem("sla:\n  policies:\n    name: x\n"))
                    .isEqualTo("sift.yaml:3: sla.policies: must be a list, got a mapping (hint: start each entry with"
                            + " '- name: …')");
        }
    }
}
