package dev.sift.core.analytics;

import dev.sift.core.incident.Priority;

/**
 * Time to acknowledge and to resolve the incidents opened in the period, in seconds, for one queue and priority
 * (both null: all of them). Means, medians and 90th percentiles are over the incidents that were acknowledged
 * (resp. resolved); null when there are none.
 */
public record ResponseTimes(String queue, Priority priority, long incidents, long acknowledged, Double mttaMean,
                            Double mttaMedian, Double mttaP90, long resolved, long resolvedUntouched,
                            Double mttrMean, Double mttrMedian, Double mttrP90) {}
