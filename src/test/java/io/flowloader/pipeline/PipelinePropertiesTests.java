package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.extract.ExtractOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code flowloader.http.*} as Spring binds it: unset settings are extraction's own defaults. */
class PipelinePropertiesTests {

  private static PipelineProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("flowloader", PipelineProperties.class);
  }

  @Test
  void withoutSettingsTheOptionsAreExtractionsDefaults() {
    assertThat(bind(Map.of()).http().toOptions()).isEqualTo(ExtractOptions.defaults());
  }

  @Test
  void aSettingOverridesItsDefaultOnly() {
    ExtractOptions options =
        bind(Map.of(
                "flowloader.http.max-retries", "2",
                "flowloader.http.request-timeout", "90s",
                "flowloader.http.requests-per-second", "0.5"))
            .http()
            .toOptions();

    ExtractOptions d = ExtractOptions.defaults();
    assertThat(options)
        .isEqualTo(
            new ExtractOptions(
                d.connectTimeout(),
                d.readTimeout(),
                2,
                d.retryBudget(),
                d.initialBackoff(),
                d.maxBackoff(),
                0.5,
                d.fanOutConcurrency(),
                d.spillThresholdBytes(),
                Duration.ofSeconds(90)));
  }
}
