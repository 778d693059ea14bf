package io.flowloader.schedule;

import io.flowloader.pipeline.LoadMetrics;
import io.flowloader.pipeline.LoadPipeline;
import io.flowloader.pkg.LoadSummaries;
import io.flowloader.tenant.TenantRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Wires the cluster locks, the launcher and (unless in one-shot mode) the tenant schedules. */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

  @Bean
  TenantLocks tenantLocks(DataSource dataSource, ThreadPoolTaskScheduler loadLockHeartbeats) {
    return new TenantLocks(dataSource, loadLockHeartbeats);
  }

  /**
   * Beats the held load locks. It keeps running after the context starts closing, while the
   * launcher lets loads finish, and ends with its bean, after the locks.
   */
  @Bean
  ThreadPoolTaskScheduler loadLockHeartbeats() {
    ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
    heartbeats.setPoolSize(1);
    heartbeats.setThreadNamePrefix("load-lock-heartbeat-");
    heartbeats.setAcceptTasksAfterContextClose(true);
    heartbeats.setRemoveOnCancelPolicy(true);
    return heartbeats;
  }

  @Bean
  ScheduleSlots scheduleSlots(DataSource dataSource) {
    return new ScheduleSlots(new JdbcTemplate(dataSource));
  }

  @Bean
  ScheduleMetrics scheduleMetrics(MeterRegistry registry) {
    return new ScheduleMetrics(registry);
  }

  @Bean
  LoadLauncher loadLauncher(
      TenantLocks locks,
      LoadPipeline pipeline,
      ScheduleMetrics metrics,
      ScheduleProperties properties,
      ThreadPoolTaskExecutor loadExecutor) {
    return new LoadLauncher(
        locks,
        pipeline,
        metrics,
        properties.shutdownGrace(),
        properties.maxConcurrentLoads(),
        loadExecutor);
  }

  /**
   * Scheduled and manual loads run here; the launcher's permits bound how many run at once (a load
   * that finishes frees its permit a moment before its thread, so a new one may queue).
   */
  @Bean
  ThreadPoolTaskExecutor loadExecutor(ScheduleProperties properties) {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(properties.maxConcurrentLoads());
    executor.setMaxPoolSize(properties.maxConcurrentLoads());
    executor.setThreadNamePrefix("load-");
    // The launcher's stop() lets running loads finish or aborts them; then the pool may end.
    executor.setWaitForTasksToCompleteOnShutdown(true);
    executor.setAwaitTerminationSeconds(30);
    return executor;
  }

  /** One thread looks at the queue of due slots; loads run on the load executor. */
  @Bean
  ThreadPoolTaskScheduler scheduleTimer() {
    ThreadPoolTaskScheduler timer = new ThreadPoolTaskScheduler();
    timer.setPoolSize(1);
    timer.setThreadNamePrefix("schedule-");
    return timer;
  }

  @Bean
  TenantScheduler tenantScheduler(
      TenantRegistry tenants,
      LoadLauncher launcher,
      ScheduleSlots slots,
      LoadSummaries summaries,
      ScheduleMetrics metrics,
      ThreadPoolTaskExecutor loadExecutor) {
    return new TenantScheduler(tenants, launcher, slots, summaries, metrics, loadExecutor);
  }

  /** Every tenant's meters exist from start-up, with the last success read from the packages. */
  @Bean
  SmartInitializingSingleton tenantMeters(
      TenantRegistry tenants,
      LoadMetrics loadMetrics,
      ScheduleMetrics scheduleMetrics,
      LoadSummaries summaries) {
    return () ->
        tenants
            .all()
            .forEach(
                t -> {
                  loadMetrics.registerTenant(
                      t.name(),
                      TenantScheduler.interval(t),
                      summaries.lastSuccess(t.name()).orElse(null));
                  scheduleMetrics.register(t.name());
                });
  }

  @Bean
  TenantsHealthIndicator tenantsHealthIndicator(TenantRegistry tenants, LoadSummaries summaries) {
    return new TenantsHealthIndicator(tenants, summaries);
  }

  @Bean
  RunOnce runOnce(TenantRegistry tenants, LoadLauncher launcher, ScheduleProperties properties) {
    return new RunOnce(tenants, launcher, properties);
  }

  /**
   * Schedules run only in service mode; one-shot mode loads once and exits, and a command ({@code
   * flowloader.command}: check, resources, dry-run) must never start a load.
   */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnExpression("!${flowloader.run-once:false} and '${flowloader.command:}' == ''")
  static class Scheduling implements SchedulingConfigurer {

    private final TenantScheduler scheduler;
    private final ThreadPoolTaskScheduler timer;

    Scheduling(TenantScheduler scheduler, ThreadPoolTaskScheduler scheduleTimer) {
      this.scheduler = scheduler;
      this.timer = scheduleTimer;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
      scheduler.register(registrar, timer);
    }
  }
}
