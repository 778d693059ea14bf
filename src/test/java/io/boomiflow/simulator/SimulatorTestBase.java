package io.boomiflow.simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests against the {@link SharedSimulator} (globex with 100k states, a page-size cap
 * of 1,000): a client for it, and the simulator reset before each test.
 */
abstract class SimulatorTestBase {

  static SimulatorServer server;
  static SimClient client;

  @BeforeAll
  static void start() {
    server = SharedSimulator.get();
    client = new SimClient(server.baseUrl());
  }

  @BeforeEach
  void reset() {
    server.control().reset();
  }
}
