package io.flowloader.support;

import io.boomiflow.simulator.SimulatorServer;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One Boomi Flow simulator per test JVM, with the built-in tenants {@code acme} and {@code globex},
 * and helpers to point the loader's tenants at it.
 */
public final class SimulatorSupport {

  public static final String ACME_ID = "0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
  public static final String ACME_KEY = "sim-acme-key-0000000000000000001";
  public static final String GLOBEX_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  public static final String GLOBEX_KEY = "sim-globex-key-00000000000000002";

  private static volatile SimulatorServer shared;

  private SimulatorSupport() {}

  public static synchronized SimulatorServer shared() {
    if (shared == null) {
      shared = SimulatorServer.start(Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "simulator-stop"));
    }
    return shared;
  }

  /** Registers tenant {@code index} of {@code flowloader.tenants} against the shared simulator. */
  public static void tenant(
      DynamicPropertyRegistry registry,
      int index,
      String name,
      String tenantId,
      String apiKey,
      String dataset) {
    String p = "flowloader.tenants[" + index + "].";
    registry.add(p + "name", () -> name);
    registry.add(p + "tenant-id", () -> tenantId);
    registry.add(p + "api-key", () -> apiKey);
    registry.add(p + "base-url", () -> shared().baseUrl());
    registry.add(p + "dataset", () -> dataset);
  }
}
