package io.boomiflow.simulator;

import java.util.Map;

/**
 * One simulator for the in-process simulator tests (starting a context per class costs more than
 * the tests): built-in tenants, globex with 100k states, a page-size cap of 1,000, legacy auth on
 * and one configured fault. Each test class resets it before each test.
 */
final class SharedSimulator {

  private static SimulatorServer server;

  private SharedSimulator() {}

  static synchronized SimulatorServer get() {
    if (server == null) {
      server =
          SimulatorServer.start(
              Map.of(
                  "simulator.tenants.globex.states",
                  100_000,
                  "simulator.page-size-cap",
                  1_000,
                  "simulator.legacy-auth",
                  true,
                  "simulator.faults[0].tenant",
                  "globex",
                  "simulator.faults[0].endpoint",
                  "tenant-runtimes",
                  "simulator.faults[0].kind",
                  "HTTP_503",
                  "simulator.faults[0].count",
                  2));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }
}
