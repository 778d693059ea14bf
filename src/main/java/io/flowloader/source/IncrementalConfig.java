package io.flowloader.source;

import java.time.Duration;

/**
 * An incremental cursor (dlt {@code incremental}). Semantics, enforced by the extract stage:
 *
 * <ul>
 *   <li>The lower bound is closed: records with cursor {@code >= start} are kept, where {@code
 *       start = last value - lag} (or {@code initial_value} on the first load); records exactly at
 *       the last value whose primary key was already seen there are dropped (boundary dedup).
 *   <li>{@code end_value} is an open upper bound.
 *   <li>{@code {incremental.start_value}} / {@code {incremental.end_value}} placeholders (or {@code
 *       start_param} / {@code end_param}) bind the bounds into the request for a server-side
 *       filter; the client-side filter is applied regardless.
 *   <li>{@code step} splits {@code [start, end_value or now)} into ascending windows, each paged on
 *       its own (range APIs such as audit search).
 *   <li>For a child resource the cursor is kept per parent key. {@code parent_version_path} (child
 *       resources only) instead re-fetches a parent's child only when the parent record's value at
 *       that path differs from the one stored for that parent.
 * </ul>
 */
public record IncrementalConfig(
    JsonPath cursorPath,
    String initialValue,
    String endValue,
    Duration lag,
    Duration step,
    String startParam,
    String endParam,
    JsonPath parentVersionPath) {}
