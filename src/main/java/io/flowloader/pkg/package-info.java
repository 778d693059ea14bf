/**
 * Load packages and their per-table jobs ({@code flowloader.load_package}, {@code
 * flowloader.load_job}), Spring Data JDBC aggregates moved through {@code extracting → staged →
 * loaded | failed | aborted} by {@link io.flowloader.pkg.LoadPackages}.
 */
package io.flowloader.pkg;
