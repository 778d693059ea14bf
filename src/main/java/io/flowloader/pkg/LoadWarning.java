package io.flowloader.pkg;

/**
 * One kind of repair or loss the normalizer reported for a load, on one table and column.
 *
 * @param column the column, or {@code null} when the warning is about whole rows
 * @param kind the normalizer's warning kind ({@code HUGE_INTEGER}, {@code NON_FINITE_DOUBLE}, …)
 * @param count how often it happened in the load
 */
public record LoadWarning(String table, String column, String kind, long count) {}
