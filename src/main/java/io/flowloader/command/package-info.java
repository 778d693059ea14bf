/**
 * The commands of the jar besides the service ({@code check}, {@code resources}, {@code dry-run}):
 * what dlt, Airbyte and Meltano users reach for before a first load. They run in the application
 * context without a web server or schedules, print a table and exit 0 or 1.
 */
package io.flowloader.command;
