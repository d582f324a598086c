package dev.sift.core.port;

import dev.sift.core.analytics.AnalyticsFilter;
import dev.sift.core.analytics.FlappingAlert;
import dev.sift.core.analytics.FunnelDay;
import dev.sift.core.analytics.NoisyAlertType;
import dev.sift.core.analytics.ResponseTimes;
import dev.sift.core.analytics.SlaCompliance;
import dev.sift.core.analytics.TransientOutcome;
import java.time.Instant;
import java.util.List;

/** Toil analytics, computed from what is committed (docs/analytics.md defines every number). */
public interface AnalyticsQueries {
    /** One entry per UTC day that the period touches, oldest first, zeros included. */
    List<FunnelDay> funnel(AnalyticsFilter filter);

    /** The noisiest kinds of alert, by signals or else by incidents, at most {@code limit}. */
    List<NoisyAlertType> noisiest(AnalyticsFilter filter, boolean byIncidents, int limit);

    /** Alerts flagged as flapping and seen in the period, the most episodes first, at most {@code limit}. */
    List<FlappingAlert> flapping(AnalyticsFilter filter, int limit);

    /** Per transient rule, the alerts it held in the period (not narrowed by queue or priority: held is unrouted). */
    List<TransientOutcome> transients(AnalyticsFilter filter);

    /** Per queue and priority, then all together (queue and priority null) as the last entry. */
    List<ResponseTimes> responseTimes(AnalyticsFilter filter);

    /** Per policy and queue, then all together (policy and queue null) as the last entry. */
    List<SlaCompliance> slaCompliance(AnalyticsFilter filter);

    /** When the incidents of the period were opened, oldest first (for incidents per on-call hour). */
    List<Instant> openedAt(AnalyticsFilter filter);
}
