package io.boomiflow.simulator;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running simulator for tests and demos: {@code try (var sim = SimulatorServer.start(Map.of())) {
 * client.get(sim.baseUrl() + "/api/draw/1/flow") ... }}. Listens on 127.0.0.1 on a random port
 * unless {@code server.port} is given; {@code properties} are any {@code simulator.*} (or Spring)
 * properties and win over {@code simulator.yaml}.
 */
public final class SimulatorServer implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final int port;

  private SimulatorServer(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Starts a simulator with the built-in defaults on a random port. */
  public static SimulatorServer start() {
    return start(Map.of());
  }

  /** Starts a simulator with {@code properties} (e.g. {@code simulator.tenants.acme.states}). */
  public static SimulatorServer start(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>();
    all.put("server.port", 0);
    all.put("server.address", "127.0.0.1");
    all.put("spring.main.banner-mode", "off");
    all.putAll(properties);
    return new SimulatorServer(SimulatorApplication.run(new String[0], all));
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Reset, seed, faults, mutation and the request log (the same as {@code /__sim/}). */
  public SimulatorControl control() {
    return context.getBean(SimulatorControl.class);
  }

  @Override
  public void close() {
    context.close();
  }
}
