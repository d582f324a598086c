package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules we recommend for Sift itself (examples/prometheus/sift-rules.yml) are valid, pass their unit
 * tests in Prometheus's own tool, and use only metrics that a running Sift exports: a renamed metric would
 * otherwise silently turn an alert rule into one that never fires.
 */
class SelfMonitoringRulesTest {
    private static final Path DIR = Path.of("..", "examples", "prometheus");
    private static final Pattern SIFT_METRIC = Pattern.compile("\\bsift_[a-z_]+");

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        assertThat(promtool("check", "rules", "sift-rules.yml")).contains("SUCCESS");
        assertThat(promtool("test", "rules", "sift-rules.test.yml")).contains("SUCCESS");
    }

    @Test
    void everySiftMetricTheRulesUseIsExported() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = SIFT_METRIC.matcher(Files.readString(DIR.resolve("sift-rules.yml")));
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).contains("sift_queue_depth", "sift_ready");

        TestSift sift = TestSift.shared();
        // a refusal and a commit, so that the counters and timers have series
        sift.postRaw("/api/v1/integrations/alertmanager", "wrong-key", "application/json", "{}".getBytes());
        String key = sift.integration("alertmanager");
        sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                SignalLogTest.amBody(TestSift.unique("Monitored"), "firing").getBytes(StandardCharsets.UTF_8));
        Set<String> exported = new TreeSet<>();
        for (String line : sift.get("/metrics", null).body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        assertThat(exported).containsAll(used);
    }

    private static String promtool(String... args) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add("promtool");
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
