package io.flowloader.diagnostics;

import java.util.List;

/** The description shared by the analyzers that list several problems. */
final class Problems {

  private Problems() {}

  static String describe(String subject, List<String> problems) {
    StringBuilder sb =
        new StringBuilder(subject)
            .append(" has ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem:" : " problems:");
    problems.forEach(p -> sb.append("\n\n    - ").append(p));
    return sb.toString();
  }
}
