package dev.sift.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void onlyAbsoluteHttpLinksFromAnnotationsBecomeClickable() {
        assertThat(Format.safeHref("https://wiki.example.org/runbooks/db")).isEqualTo("https://wiki.example.org/runbooks/db");
        assertThat(Format.safeHref("HTTP://grafana.example.org/d/x?a=1&b=2")).isNotNull();
        assertThat(Format.safeHref("javascript:alert(1)")).isNull();
        assertThat(Format.safeHref(" JavaScript:alert(1)")).isNull();
        assertThat(Format.safeHref("data:text/html,<script>alert(1)</script>")).isNull();
        assertThat(Format.safeHref("//evil.example/x")).isNull();
        assertThat(Format.safeHref("/relative")).isNull();
        assertThat(Format.safeHref("not a url")).isNull();
    }

    @Test
    void timesReadAtAGlance() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(Format.ago(now.minusSeconds(10), now)).isEqualTo("just now");
        assertThat(Format.ago(now.minus(Duration.ofMinutes(12)), now)).isEqualTo("12m ago");
        assertThat(Format.ago(now.minus(Duration.ofMinutes(185)), now)).isEqualTo("3h 5m ago");
        assertThat(Format.span(Duration.ofHours(52))).isEqualTo("2d 4h");
        assertThat(Format.ago(null, now)).isEqualTo("—");
    }

    @Test
    void afterSignInOnlyPathsOnThisSite() {
        assertThat(Pages.localPath("/incidents/7?x=1")).isEqualTo("/incidents/7?x=1");
        assertThat(Pages.localPath("//evil.example")).isEqualTo("/");
        assertThat(Pages.localPath("/\\evil.example")).isEqualTo("/");
        assertThat(Pages.localPath("https://evil.example")).isEqualTo("/");
        assertThat(Pages.localPath("/a\r\nSet-Cookie: x=y")).isEqualTo("/");
        assertThat(Pages.localPath(null)).isEqualTo("/");
    }
}
