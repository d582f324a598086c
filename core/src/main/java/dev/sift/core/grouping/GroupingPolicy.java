package dev.sift.core.grouping;

/**
 * How alerts are grouped into incidents: the settings of one named policy in the rules file. Each policy makes
 * fresh {@link Grouper} state; whatever it learns starts empty.
 */
public sealed interface GroupingPolicy permits NoGrouping, ContentGrouping, TimeGrouping, IntelligentGrouping {
    /** The mode's name in the rules file: {@code none}, {@code content}, {@code time} or {@code intelligent}. */
    String mode();

    Grouper newGrouper();
}
