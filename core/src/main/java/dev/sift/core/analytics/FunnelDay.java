package dev.sift.core.analytics;

import java.time.LocalDate;

/**
 * One UTC day of the noise funnel: signals received → alerts first seen → incidents opened → notifications queued,
 * and the alerts that opened no incident of their own (held by a transient rule, auto-cleared, silenced,
 * inhibited). {@code day} is null for the period's total.
 *
 * @param signals alerts and events received, repeats included; null when a queue or priority narrows the funnel
 *     (signals are counted before routing gives them one)
 */
public record FunnelDay(LocalDate day, Long signals, long alerts, long incidents, long notifications,
                        long held, long autoCleared, long silenced, long inhibited) {

    /** 1 − alerts / signals: the share of signals that were repeats of a known alert. Null without signals. */
    public Double dedupReduction() {
        return signals == null ? null : reduction(signals, alerts);
    }

    /** 1 − incidents / alerts: the share of new alerts that grouping, holds, silences and inhibition absorbed. */
    public Double groupingReduction() {
        return reduction(alerts, incidents);
    }

    /**
     * 1 − notifications / incidents: negative when incidents notify more than once (several channels, or later
     * events such as resolved or sla-breached).
     */
    public Double notificationReduction() {
        return reduction(incidents, notifications);
    }

    /** 1 − incidents / signals: the whole funnel, signals to what people see. */
    public Double totalReduction() {
        return signals == null ? null : reduction(signals, incidents);
    }

    static Double reduction(long before, long after) {
        if (before == 0) {
            return null;
        }
        return Math.round((1 - (double) after / before) * 1000) / 1000.0;
    }

    FunnelDay plus(FunnelDay o) {
        return new FunnelDay(null, signals == null || o.signals == null ? null : signals + o.signals,
                alerts + o.alerts, incidents + o.incidents, notifications + o.notifications, held + o.held,
                autoCleared + o.autoCleared, silenced + o.silenced, inhibited + o.inhibited);
    }

    /** The sum of the days, as the period's total. */
    public static FunnelDay total(Iterable<FunnelDay> days, boolean withSignals) {
        FunnelDay sum = new FunnelDay(null, withSignals ? 0L : null, 0, 0, 0, 0, 0, 0, 0);
        for (FunnelDay d : days) {
            sum = sum.plus(d);
        }
        return sum;
    }
}
