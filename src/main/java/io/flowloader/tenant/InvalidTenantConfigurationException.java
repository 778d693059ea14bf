package io.flowloader.tenant;

import java.util.List;

/** Start-up refusal listing every problem of the tenant configuration at once. */
public class InvalidTenantConfigurationException extends RuntimeException {

  private final List<String> problems;

  public InvalidTenantConfigurationException(List<String> problems) {
    super(
        "Invalid tenant configuration ("
            + problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
