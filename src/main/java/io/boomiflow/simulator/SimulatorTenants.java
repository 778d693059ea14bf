package io.boomiflow.simulator;

/**
 * The simulator's built-in tenants and API keys. They are fixed (README "Simulator tenants and
 * keys") so tests, demos and scripts agree. The shared user holds one key per tenant.
 */
public final class SimulatorTenants {

  public static final String ACME = "acme";
  public static final String ACME_ID = "0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
  public static final String ACME_KEY = "sim-acme-key-0000000000000000001";

  public static final String GLOBEX = "globex";
  public static final String GLOBEX_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  public static final String GLOBEX_KEY = "sim-globex-key-00000000000000002";

  /** The shared user's key for acme. */
  public static final String SHARED_ACME_KEY = "sim-shared-acme-key-000000000003";

  /** The shared user's key for globex. */
  public static final String SHARED_GLOBEX_KEY = "sim-shared-globex-key-0000000004";

  private SimulatorTenants() {}
}
