package dev.sift.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.app.TestSift;
import dev.sift.app.peers.ChromiumPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium, as an on-call person uses it: sign in (wrong, then right), the queue and
 * its filters, the keyboard, an incident with acknowledge / snooze / comment, a viewer who may look but not act,
 * forged forms, and hostile alert text that must show as text and never run. One Sift and one browser for the
 * class; the steps build on each other in order. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    static final String PASSWORD = "correct horse battery staple";
    static final String RULES = TestSift.NO_GROUPING + """
            routes:
              - name: db
                matchers: ['team="db"']
                queue: dba
                runbook: https://wiki.example.org/runbooks/database
              - name: web
                matchers: ['team="web"']
                queue: web
            sla:
              policies:
                - name: standard
                  acknowledgeWithin: 30m
                  resolveWithin: 4h
            """;
    static final String HOSTILE_SUMMARY = "<script>document.title='pwned';window.__pwned=1</script>";
    static final String HOSTILE_DESCRIPTION = "<img src=x onerror=\"window.__pwned=2\">";
    static final String HOSTILE_LINK = "javascript:window.__pwned=3";

    static TestSift sift;
    static ChromiumPeer chromium;
    static WebDriver browser;
    static String amKey;
    static String base;

    @BeforeAll
    static void start() {
        sift = TestSift.start(TestSift.newHome(), RULES);
        base = "http://127.0.0.1:" + sift.sift.port();
        for (var user : List.of(List.of("rita", "responder"), List.of("vic", "viewer"))) {
            var r = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN,
                    Map.of("username", user.get(0), "role", user.get(1), "password", PASSWORD));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        amKey = sift.integration("alertmanager");
        fire("PostgresReplicationLag", "critical", "db", "Replica db-2 is 14 minutes behind its primary",
                Map.of("runbook_url", "https://wiki.example.org/runbooks/pg-replication-lag"));
        fire("DiskWillFillIn4h", "warning", "db", "Disk /var/lib/postgresql on db-1 fills in about 4 hours", Map.of());
        fire("CheckoutLatencyHigh", "critical", "web", "Checkout p99 latency above 2 s for 10 minutes", Map.of());
        fire("CertificateExpiresSoon", "info", "web", "TLS certificate of shop.example.org expires in 9 days",
                Map.of());
        fire("XssProbe", "warning", "web", HOSTILE_SUMMARY, Map.of("description", HOSTILE_DESCRIPTION,
                "runbook_url", HOSTILE_LINK, "dashboard", "https://grafana.example.org/d/checkout"));
        chromium = ChromiumPeer.start(Path.of("target", "chromium-" + System.nanoTime()));
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (sift != null) {
            sift.close();
        }
    }

    static void fire(String alertname, String severity, String team, String summary, Map<String, String> more) {
        var annotations = new java.util.TreeMap<String, String>(more);
        annotations.put("summary", summary);
        var alert = Map.of("status", "firing",
                "labels", Map.of("alertname", alertname, "severity", severity, "team", team, "instance", "db-2:9187"),
                "annotations", annotations, "startsAt", "2026-11-22T07:00:00Z", "endsAt", "0001-01-01T00:00:00Z");
        try {
            byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("version", "4", "alerts", List.of(alert)));
            var r = sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    static void open(String path) {
        browser.get(base + path);
    }

    static void signIn(String username, String password) {
        browser.findElement(By.name("username")).clear();
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    }

    static void signOut() {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waiting().until(ExpectedConditions.urlContains("/login"));
    }

    /** Read in one go in the page: htmx may swap the rows between two WebDriver calls. */
    @SuppressWarnings("unchecked")
    static List<String> queueTitles() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#queue-rows tr[data-number] td.title'))"
                + ".map(function (td) { return td.textContent.trim(); });");
    }

    static long incidentNumberOf(String titlePart) {
        return sift.getJson("/api/v1/incidents?q=" + java.net.URLEncoder.encode(titlePart,
                java.nio.charset.StandardCharsets.UTF_8)).get("items").get(0).get("id").asLong();
    }

    static String apiStatus(long number) {
        return sift.getJson("/api/v1/incidents/" + number).get("status").asText();
    }

    static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static void assertNothingRan() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(js("return typeof window.__pwned")).as("no script from alert text ran").isEqualTo("undefined");
        assertThat(browser.getTitle()).as("the hostile title shows as text, it did not set the title")
                .isNotEqualTo("pwned");
    }

    @Test
    @Order(1)
    void signingInWithAWrongPasswordThenTheRightOne() {
        open("/");
        assertThat(browser.getCurrentUrl()).contains("/login");
        signIn("rita", "not my password");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertThat(error.getText()).isEqualTo("Wrong username or password.");
        chromium.screenshot("signin-wrong-password");

        signIn("rita", PASSWORD);
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Queue"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(browser.findElement(By.cssSelector("header .who")).getText()).contains("rita");
    }

    @Test
    @Order(2)
    void theQueueShowsTheMostUrgentFirstWithWhatPeopleNeedAtAGlance() {
        open("/");
        List<WebElement> rows = browser.findElements(By.cssSelector("#queue-rows tr[data-number]"));
        assertThat(rows).hasSize(5);
        List<String> priorities = rows.stream().map(r -> r.findElement(By.cssSelector("span.prio")).getText())
                .toList();
        assertThat(priorities).isSortedAccordingTo(String::compareTo);
        WebElement first = rows.getFirst();
        assertThat(first.getText()).contains("triggered").contains("nobody").contains("1 / 1").contains("ack in");
        assertThat(queueTitles()).contains("Replica db-2 is 14 minutes behind its primary");
        chromium.screenshot("queue");
    }

    @Test
    @Order(3)
    void filtersNarrowTheQueueAndTheRefreshKeepsThemAndTheSelection() {
        open("/");
        browser.findElement(By.name("label")).sendKeys("team=web");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        waiting().until(ExpectedConditions.urlContains("label=team%3Dweb"));
        assertThat(queueTitles()).hasSize(3).noneMatch(t -> t.contains("Replica"))
                .contains("Checkout p99 latency above 2 s for 10 minutes");
        new Actions(browser).sendKeys("j").perform();
        String selected = browser.findElement(By.cssSelector("#queue-rows tr.selected")).getAttribute("data-number");
        chromium.screenshot("queue-filtered");

        // A new incident arrives: the page refreshes itself (htmx, no reload), filters and selection stay.
        js("window.__samePage = true");
        fire("CheckoutErrorsHigh", "critical", "web", "Checkout 5xx rate above 5 %", Map.of());
        fire("ReplicaMissing", "critical", "db", "A database replica is missing", Map.of());
        waiting().until(d -> queueTitles().contains("Checkout 5xx rate above 5 %"));
        assertThat(js("return window.__samePage")).as("refreshed in place, not reloaded").isEqualTo(true);
        assertThat(queueTitles()).noneMatch(t -> t.contains("replica"));
        assertThat(browser.findElement(By.name("label")).getAttribute("value")).isEqualTo("team=web");
        assertThat(browser.findElement(By.cssSelector("#queue-rows tr.selected")).getAttribute("data-number"))
                .isEqualTo(selected);
    }

    @Test
    @Order(4)
    void theKeyboardMovesOpensAndAcknowledges() {
        long disk = incidentNumberOf("fills in about 4 hours");
        open("/?q=" + "fills+in+about");
        new Actions(browser).sendKeys("j").sendKeys("a").perform();
        waiting().until(d -> d.findElement(By.cssSelector("#queue-rows tr[data-number]")).getText()
                .contains("acknowledged"));
        assertThat(apiStatus(disk)).isEqualTo("acknowledged");
        assertThat(browser.getCurrentUrl()).as("back on the same filtered queue").contains("q=fills");

        open("/?q=Replica+db-2");
        new Actions(browser).sendKeys("j").sendKeys(Keys.ENTER).perform();
        waiting().until(ExpectedConditions.urlContains("/incidents/"));
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .contains("Replica db-2 is 14 minutes behind its primary");
    }

    @Test
    @Order(5)
    void anIncidentShowsItsAlertsTimelineAndRunbookAndTakesActions() {
        long number = incidentNumberOf("Replica db-2");
        open("/incidents/" + number);
        assertThat(browser.findElement(By.cssSelector("table.alerts")).getText()).contains("team=db")
                .contains("alertname=PostgresReplicationLag").contains("firing");
        assertThat(browser.findElement(By.cssSelector("dl.facts a")).getAttribute("href"))
                .isEqualTo("https://wiki.example.org/runbooks/database");
        assertThat(browser.findElement(By.cssSelector("dl.annotations a")).getAttribute("href"))
                .isEqualTo("https://wiki.example.org/runbooks/pg-replication-lag");
        assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText()).contains("opened");

        browser.findElement(By.id("act-acknowledge")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("incident-status"), "acknowledged"));
        assertThat(browser.findElement(By.id("incident-owner")).getText()).isEqualTo("rita");

        browser.findElement(By.id("act-snooze-1h")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("incident-status"), "snoozed"));

        browser.findElement(By.id("comment-text")).sendKeys("Failover **not** needed; lag is shrinking,"
                + " see https://grafana.example.org/d/pg\n- watching `pg_stat_replication`\n- "
                + "<script>window.__pwned=9</script>");
        browser.findElement(By.id("act-comment")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("li.kind-comment")).isEmpty());
        WebElement comment = browser.findElement(By.cssSelector("li.kind-comment .comment"));
        assertThat(comment.findElement(By.tagName("strong")).getText()).isEqualTo("not");
        assertThat(comment.findElement(By.tagName("code")).getText()).isEqualTo("pg_stat_replication");
        assertThat(comment.findElement(By.tagName("a")).getAttribute("href")).isEqualTo("https://grafana.example.org/d/pg");
        assertThat(comment.getText()).contains("<script>window.__pwned=9</script>");
        assertNothingRan();
        assertThat(apiStatus(number)).isEqualTo("snoozed");
        browser.manage().window().setSize(new Dimension(1360, 1350)); // the whole page, comment included
        chromium.screenshot("incident");
        browser.manage().window().setSize(new Dimension(1360, 900));
    }

    @Test
    @Order(6)
    void hostileAlertTextIsShownAsTextAndNothingRuns() {
        long number = incidentNumberOf("__pwned=1");
        open("/");
        assertNothingRan();
        assertThat(queueTitles()).contains(HOSTILE_SUMMARY);

        open("/incidents/" + number);
        assertNothingRan();
        String text = browser.findElement(By.tagName("main")).getText();
        assertThat(text).contains(HOSTILE_SUMMARY).contains(HOSTILE_DESCRIPTION).contains(HOSTILE_LINK);
        assertThat(browser.findElements(By.cssSelector("main script, main img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("a[href^='javascript'], a[href^='JAVASCRIPT']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("dl.annotations a")).stream()
                .map(a -> a.getAttribute("href")).toList()).containsExactly("https://grafana.example.org/d/checkout");
        chromium.screenshot("hostile-alert");
    }

    @Test
    @Order(7)
    void aFormWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        long number = incidentNumberOf("Checkout p99");
        open("/incidents/" + number);
        // what another site's page would do: a form posted with the session cookie but without the token
        js("var f = document.createElement('form'); f.method = 'post';"
                + " f.action = '/incidents/" + number + "/acknowledge'; document.body.appendChild(f); f.submit();");
        waiting().until(d -> d.getPageSource().contains("CSRF"));
        assertThat(browser.getPageSource()).contains("forbidden");
        assertThat(apiStatus(number)).isEqualTo("triggered");
    }

    @Test
    @Order(8)
    void aViewerSeesTheIncidentButGetsNoButtonsAndAForgedPostIsRefused() throws Exception {
        long number = incidentNumberOf("Checkout p99");
        open("/");
        signOut();
        signIn("vic", PASSWORD);
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Queue"));
        assertThat(browser.findElements(By.cssSelector("form.ack"))).as("no Ack buttons for a viewer").isEmpty();

        open("/incidents/" + number);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Checkout p99 latency");
        assertThat(browser.findElements(By.cssSelector("section.actions"))).isEmpty();
        assertThat(browser.findElements(By.id("comment-text"))).isEmpty();
        chromium.screenshot("incident-as-viewer");

        // the viewer forges the form by hand, with a valid session and token: the role still says no
        String token = browser.findElement(By.cssSelector("form[action='/logout'] input[name=csrf]"))
                .getAttribute("value");
        String cookie = browser.manage().getCookieNamed("sift_session").getValue();
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/incidents/" + number + "/acknowledge"))
                .header("Cookie", "sift_session=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(apiStatus(number)).isEqualTo("triggered");
    }

    /** The README shows these; refreshed by hand with -Dsift.screenshots.docs=true. */
    @Test
    @Order(9)
    void screenshotsForTheReadme() throws IOException {
        if (!Boolean.getBoolean("sift.screenshots.docs")) {
            return;
        }
        Path docs = Files.createDirectories(Path.of("..", "docs", "screenshots"));
        for (String name : List.of("queue", "incident")) {
            Files.copy(Path.of("target", "screenshots", name + ".png"), docs.resolve(name + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
