package dev.sift.core.query;

import java.util.List;

/** One page of a list; {@code next} is the cursor for the following page, or null at the end. */
public record Page<T>(List<T> items, String next) {}
