package io.boomiflow.simulator;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * The simulator's own Spring Boot application: its own context, no database, no loader beans. It
 * reads {@code simulator.yaml} (not {@code application.yaml}), so it listens on 8090 and has no
 * separate management port. {@code FlowLoaderApplication.main} starts it under the {@code
 * simulator} profile; tests use {@link SimulatorServer}. (No {@code main} here on purpose: the jar
 * must have a single main class.)
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
      // The simulator stands in for Boomi Flow (API keys, its own auth rules), not for the
      // loader's API: Spring Security's defaults would put a login in front of it.
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
@ComponentScan(basePackageClasses = SimulatorApplication.class)
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorApplication {

  /**
   * Starts the simulator with command-line arguments plus {@code properties}, which are passed as
   * {@code --key=value} arguments so they win over {@code simulator.yaml} and are seen as early as
   * any command-line option.
   */
  public static ConfigurableApplicationContext run(String[] args, Map<String, Object> properties) {
    SpringApplication app = new SpringApplication(SimulatorApplication.class);
    app.setDefaultProperties(Map.of("spring.config.name", "simulator"));
    // Logged as what it is ("Starting SimulatorApplication … profile "simulator""), also when the
    // demo or a test starts it in-process without naming the profile.
    app.setMainApplicationClass(SimulatorApplication.class);
    app.setAdditionalProfiles("simulator");
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    properties.forEach((k, v) -> all.add("--" + k + "=" + v));
    return app.run(all.toArray(String[]::new));
  }
}
