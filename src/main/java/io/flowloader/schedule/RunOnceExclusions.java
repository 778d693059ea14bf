package io.flowloader.schedule;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One-shot mode without a web server ({@code flowloader.run-once=true} and {@code
 * spring.main.web-application-type=none}, as the CronJob and the bench run it) leaves out the
 * auto-configurations that only the running service uses, to start faster: it adds them to {@code
 * spring.autoconfigure.exclude}, keeping any exclusions already configured (the {@code --debug}
 * report lists them under "Exclusions"). Nothing changes in service mode, nor in a one-shot run
 * that keeps its web server (and management port).
 *
 * <p>Such a run has no management port to serve health, info or Prometheus from, so its metrics go
 * to Boot's simple in-memory registry (the meters are still recorded); and the loader builds its
 * own WebClient and JSON mappers, so Boot's HTTP client, codec, converter and Jackson beans (and
 * the API's OpenAPI document) go unused.
 */
public class RunOnceExclusions implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "flowloaderRunOnceExclusions";

  /** Auto-configurations of the service only; candidates of this build (others are ignored). */
  static final List<String> SERVICE_ONLY =
      List.of(
          // Actuator: endpoints, health and info on the management port
          "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
          "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
          "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.Jackson2EndpointAutoConfiguration",
          "org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration",
          "org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration",
          "org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.application.SslHealthContributorAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
          "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
          // Metrics export (scraped from the service) and the meter binders and observations
          "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
          "org.springframework.boot.http.client.autoconfigure.metrics.HttpClientMetricsAutoConfiguration",
          "org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration",
          "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
          "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
          "org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration",
          // HTTP clients, codecs, converters and JSON mapper beans (the loader builds its own)
          "org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration",
          "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
          "org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration",
          "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
          "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
          "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
          // The API's security (no API without a web server)
          "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
          // The load API's OpenAPI document
          "org.springdoc.core.configuration.SpringDocWebServerConfiguration.EmbeddedWebServerConfiguration",
          "org.springdoc.core.configuration.SpringDocWebServerConfiguration.DeployedWebServerConfiguration",
          "org.springdoc.core.configuration.SpringDocSpecPropertiesConfiguration");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    // Runs after the config files are read (ConfigDataEnvironmentPostProcessor comes first).
    Binder binder = Binder.get(environment);
    if (!binder.bind("flowloader.run-once", Boolean.class).orElse(false)
        || binder.bind("spring.main.web-application-type", WebApplicationType.class).orElse(null)
            != WebApplicationType.NONE) {
      return;
    }
    Set<String> exclude =
        new LinkedHashSet<>(
            binder
                .bind("spring.autoconfigure.exclude", Bindable.listOf(String.class))
                .orElse(List.of()));
    exclude.addAll(SERVICE_ONLY);
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                SOURCE_NAME, Map.of("spring.autoconfigure.exclude", String.join(",", exclude))));
  }
}
