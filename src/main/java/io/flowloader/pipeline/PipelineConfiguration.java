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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
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

  /**
   * Runs extraction's page prefetches and fan-out tasks. Unbounded and without a queue (a task may
   * wait for another one); idle threads end after a minute. Only injected where asked for by name.
   */
  @Bean(defaultCandidate = false)
  ThreadPoolTaskExecutor extractExecutor() {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(0);
    executor.setQueueCapacity(0);
    executor.setKeepAliveSeconds(60);
    executor.setThreadNamePrefix("flowloader-extract-");
    executor.setDaemon(true);
    // Running loads still submit while the launcher lets them finish on context close; the pool
    // ends after them, interrupting any task left over, and waits a little for it to end.
    executor.setAcceptTasksAfterContextClose(true);
    executor.setAwaitTerminationSeconds(10);
    return executor;
  }

  @Bean
  Extractor extractor(
      SourceDefinition source,
      RateLimiters rateLimiters,
      ObjectProvider<ObservationRegistry> observations,
      @Qualifier("extractExecutor") ThreadPoolTaskExecutor extractExecutor) {
    return new Extractor(
        source,
        rateLimiters,
        observations.getIfAvailable(() -> ObservationRegistry.NOOP),
        extractExecutor);
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
