package io.flowloader.load;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The threads that send staging statements and COPY batches ({@link StagingWriter}). */
@Configuration(proxyBeanMethods = false)
class StagingConfiguration {

  static final String SENDERS = "stagingSenders";

  /**
   * A thread per sender of a running load ({@link StagingWriter#SENDERS} per load), made when
   * needed and ended after a minute idle: how many loads run is bounded where loads start, so no
   * bound here (a bound would make a load's COPY wait for another load's sender to end). At
   * shutdown the pipeline has stopped its loads, and with them their senders, before this pool
   * ends; a sender still running then (stuck on a dead connection) gets a few seconds, and its
   * daemon thread never holds the JVM.
   */
  @Bean(name = SENDERS)
  ThreadPoolTaskExecutor stagingSenders() {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(StagingWriter.SENDERS);
    executor.setAllowCoreThreadTimeOut(true);
    executor.setKeepAliveSeconds(60);
    executor.setMaxPoolSize(Integer.MAX_VALUE);
    executor.setQueueCapacity(0);
    executor.setThreadNamePrefix("flowloader-staging-");
    executor.setDaemon(true);
    // Loads still staging when the context closes may start senders until they stop.
    executor.setAcceptTasksAfterContextClose(true);
    executor.setWaitForTasksToCompleteOnShutdown(true);
    executor.setAwaitTerminationSeconds(5);
    return executor;
  }
}
