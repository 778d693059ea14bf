package io.flowloader.pipeline;

import io.flowloader.extract.Extractor;
import io.flowloader.extract.RateLimiters;
import io.flowloader.load.Loader;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.LoadWarnings;
import io.flowloader.source.SourceDefinition;
import io.flowloader.source.SourceDefinitionLoader;
import io.flowloader.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Wires one pipeline for the service: source definition, extractor, loader, state, metrics. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  @Bean
  SourceDefinition sourceDefinition(PipelineProperties properties) {
    List<Resource> layers = new ArrayList<>();
    layers.add(properties.sourceDefinition());
    layers.addAll(properties.sourceOverrides());
    return SourceDefinitionLoader.load(layers.toArray(Resource[]::new));
  }

  @Bean
  RateLimiters rateLimiters() {
    // One limiter per API key for the whole process: concurrent loads sharing a key share its rate.
    return new RateLimiters();
  }

  @Bean
  Extractor extractor(
      SourceDefinition source,
      RateLimiters rateLimiters,
      ObjectProvider<ObservationRegistry> observations) {
    return new Extractor(
        source, rateLimiters, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  @Bean
  LoadMetrics loadMetrics(MeterRegistry registry) {
    return new LoadMetrics(registry);
  }

  @Bean
  PackageEnds packageEnds(Loader loader, ThreadPoolTaskScheduler packageEndRetries) {
    return new PackageEnds(loader, packageEndRetries);
  }

  /** Retries the ends of loads that could not be recorded; ends after {@link PackageEnds}. */
  @Bean
  ThreadPoolTaskScheduler packageEndRetries() {
    ThreadPoolTaskScheduler retries = new ThreadPoolTaskScheduler();
    retries.setPoolSize(1);
    retries.setThreadNamePrefix("package-end-retry-");
    retries.setAcceptTasksAfterContextClose(true);
    return retries;
  }

  /**
   * Fires the loads' deadlines ({@code flowloader.max-load-duration}); it keeps running after the
   * context starts closing, while loads finish.
   */
  @Bean
  ThreadPoolTaskScheduler loadDeadlines() {
    ThreadPoolTaskScheduler deadlines = new ThreadPoolTaskScheduler();
    deadlines.setPoolSize(1);
    deadlines.setThreadNamePrefix("load-deadline-");
    deadlines.setAcceptTasksAfterContextClose(true);
    deadlines.setRemoveOnCancelPolicy(true);
    return deadlines;
  }

  @Bean
  LoadPipeline loadPipeline(
      SourceDefinition source,
      Extractor extractor,
      Loader loader,
      LoadPackages packages,
      StateStore state,
      LoadMetrics metrics,
      PackageEnds ends,
      PipelineProperties properties,
      LoadWarnings warnings,
      ThreadPoolTaskScheduler loadDeadlines) {
    return new LoadPipeline(
        source,
        extractor,
        loader,
        packages,
        state,
        metrics,
        properties.http().toOptions(),
        ends,
        properties.maxLoadDuration(),
        loadDeadlines,
        properties.onResourceFailure() == PipelineProperties.OnResourceFailure.ISOLATE,
        warnings);
  }
}
