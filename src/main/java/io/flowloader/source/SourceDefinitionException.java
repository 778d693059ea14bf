package io.flowloader.source;

import java.util.List;

/** A source definition is invalid; the message lists every problem found, one per line. */
public class SourceDefinitionException extends RuntimeException {

  private final List<String> problems;

  public SourceDefinitionException(String origin, List<String> problems) {
    super(
        "invalid source definition "
            + origin
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** The individual problems. */
  public List<String> problems() {
    return problems;
  }
}
