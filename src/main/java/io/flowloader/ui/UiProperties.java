package io.flowloader.ui;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The load inspector's settings ({@code flowloader.ui.*}).
 *
 * @param rowsPerPage rows shown per page of a table's data
 * @param valuePreview characters of a value shown before it is folded (the rest expands on demand)
 * @param statementTimeout how long one data or schema read may take
 * @param refreshSeconds how often pages showing a running load reload themselves
 */
@ConfigurationProperties("flowloader.ui")
public record UiProperties(
    @DefaultValue("50") int rowsPerPage,
    @DefaultValue("120") int valuePreview,
    @DefaultValue("5s") Duration statementTimeout,
    @DefaultValue("2") int refreshSeconds) {

  public UiProperties {
    if (rowsPerPage < 1 || rowsPerPage > 1000) {
      throw new IllegalArgumentException("flowloader.ui.rows-per-page must be 1..1000");
    }
    if (valuePreview < 8) {
      throw new IllegalArgumentException("flowloader.ui.value-preview must be at least 8");
    }
  }
}
