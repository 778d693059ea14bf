package io.flowloader.schedule;

import io.flowloader.pipeline.LoadMetrics;
import io.flowloader.pipeline.LoadPipeline;
import io.flowloader.pkg.LoadSummaries;
import io.flowloader.tenant.TenantRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Wires the cluster locks, the launcher and (unless in one-shot mode) the tenant schedules. */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

  @Bean
  JdbcTemplateLockProvider lockProvider(DataSource dataSource) {
    // Database time, so replicas with skewed clocks agree on when a lock expires.
    return new JdbcTemplateLockProvider(
        JdbcTemplateLockProvider.Configuration.builder()
            .withJdbcTemplate(new JdbcTemplate(dataSource))
            .withTableName("flowloader.shedlock")
            .usingDbTime()
            .build());
  }

  @Bean
  TenantLocks tenantLocks(DataSource dataSource, JdbcTemplateLockProvider lockProvider) {
    return new TenantLocks(dataSource, (LockProvider) lockProvider);
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
      ScheduleProperties properties) {
    return new LoadLauncher(
        locks, pipeline, metrics, properties.shutdownGrace(), properties.maxConcurrentLoads());
  }

  @Bean
  TenantScheduler tenantScheduler(TenantRegistry tenants, LoadLauncher launcher) {
    return new TenantScheduler(tenants, launcher);
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

    Scheduling(TenantScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
      scheduler.register(registrar);
    }
  }
}
