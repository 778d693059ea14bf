package io.flowloader.schedule;

/** The tenant already has a load running (on this or another replica). */
public class TenantBusyException extends RuntimeException {

  private final String tenant;
  private final String runningLoadId;

  public TenantBusyException(String tenant, String runningLoadId) {
    super(
        "tenant '"
            + tenant
            + "' is already loading"
            + (runningLoadId == null ? "" : " (load " + runningLoadId + ")"));
    this.tenant = tenant;
    this.runningLoadId = runningLoadId;
  }

  public String tenant() {
    return tenant;
  }

  /** The running load's id, or null when the lock holder has not opened its package yet. */
  public String runningLoadId() {
    return runningLoadId;
  }
}
