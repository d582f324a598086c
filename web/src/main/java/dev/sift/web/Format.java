package dev.sift.web;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.query.IncidentSummary;
import dev.sift.core.sla.IncidentSla;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How times, SLA clocks and links read on the pages. Pure: "now" is passed in. */
public final class Format {
    private static final Duration SOON = Duration.ofMinutes(15);

    private Format() {}

    /** An SLA cell: its text and a CSS class ({@code sla-ok}, {@code sla-soon}, {@code sla-breached}, or empty). */
    public record SlaCell(String text, String css) {}

    /** {@code 5m ago}, {@code 3h 2m ago}; {@code —} for no time. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "—";
        }
        Duration d = Duration.between(t, now);
        return d.compareTo(Duration.ofSeconds(30)) < 0 ? "just now" : span(d) + " ago";
    }

    /** The exact time, for a tooltip and for machines: {@code 2026-11-23T07:00:12Z}. */
    public static String iso(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A duration as people glance at it: {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}. */
    public static String span(Duration d) {
        long s = Math.abs(d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 24) {
            return m % 60 == 0 ? h + "h" : h + "h " + m % 60 + "m";
        }
        return h % 24 == 0 ? h / 24 + "d" : h / 24 + "d " + h % 24 + "h";
    }

    /** What is left on the clock that matters now: acknowledging while nobody has, else resolving. */
    public static SlaCell sla(IncidentSummary i, Instant now) {
        IncidentSla s = i.sla();
        if (s == null || !i.status().isOpen()) {
            return new SlaCell("—", "");
        }
        boolean ackClock = i.status() == IncidentStatus.TRIGGERED && i.acknowledgedAt() == null;
        Instant due = ackClock ? s.ackDueAt() : s.resolveDueAt();
        boolean breached = ackClock ? s.ackBreached() : s.resolveBreached();
        String what = ackClock ? "ack" : "resolve";
        if (due == null) {
            return breached ? new SlaCell(what + " breached", "sla-breached") : new SlaCell("paused", "");
        }
        Duration left = Duration.between(now, due);
        if (breached || left.isNegative()) {
            return new SlaCell(what + " overdue " + span(left), "sla-breached");
        }
        return new SlaCell(what + " in " + span(left), left.compareTo(SOON) < 0 ? "sla-soon" : "sla-ok");
    }

    /**
     * The URL when it is an absolute http(s) link, else null: links come from alert annotations, which anyone who can
     * write an alert controls, and {@code javascript:} or {@code data:} links must never become clickable.
     */
    public static String safeHref(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
