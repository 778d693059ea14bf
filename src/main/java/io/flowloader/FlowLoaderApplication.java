package io.flowloader;

import io.boomiflow.simulator.SimulatorApplication;
import io.flowloader.command.CommandRunner;
import io.flowloader.schedule.RunOnce;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import reactor.netty.http.HttpResources;

/**
 * Entry point of the loader service. Under the {@code simulator} profile it starts only the Boomi
 * Flow simulator (its own application context, no database) instead of the loader.
 */
// The simulator lives in its own package root (io.boomiflow.simulator), outside this scan.
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowLoaderApplication {

  public static void main(String[] args) {
    if (simulatorProfileActive(args)) {
      SimulatorApplication.run(args, Map.of());
      return;
    }
    SpringApplication app = new SpringApplication(FlowLoaderApplication.class);
    String command = CommandRunner.commandOf(args);
    if (command != null) {
      // check, resources, dry-run: no web server and no schedules (see ScheduleConfiguration)
      app.setDefaultProperties(
          Map.of("flowloader.command", command, "spring.main.web-application-type", "none"));
    }
    ConfigurableApplicationContext context = app.run(args);
    if (command != null || context.getBean(RunOnce.class).enabled()) {
      // One-shot mode or a command: it ran during start-up; exit with its outcome.
      int exitCode = SpringApplication.exit(context);
      stopHttpClientThreads();
      System.exit(exitCode);
    }
  }

  /**
   * Stops the event-loop threads of the HTTP client (Reactor Netty's global resources, which the
   * extractor's WebClient uses) before the JVM exits. They wait in epoll, in native code, and the
   * JVM's exit waits 0.3 s for threads in native code to return before it leaves them behind.
   */
  static void stopHttpClientThreads() {
    try {
      HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ofSeconds(2))
          .block(Duration.ofSeconds(3));
    } catch (RuntimeException e) {
      // Exiting anyway: at worst the JVM waits for them as before.
    }
  }

  /** The profile as Spring would see it: command line, system property or environment. */
  static boolean simulatorProfileActive(String[] args) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    return Arrays.asList(env.getActiveProfiles()).contains("simulator");
  }
}
