package io.flowloader.diagnostics;

import io.flowloader.source.SourceDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Every problem of the source definition, one per line. */
class SourceDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<SourceDefinitionException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, SourceDefinitionException cause) {
    String first = cause.getMessage().lines().findFirst().orElse("invalid source definition");
    String origin = first.replaceFirst(" \\(\\d+ problems?\\):$", "");
    return new FailureAnalysis(
        Problems.describe("The " + origin.replaceFirst("^invalid ", ""), cause.problems()),
        "Correct the source definition named by flowloader.source-definition and"
            + " flowloader.source-overrides (see docs/source-definition.md), or remove the override"
            + " to use the built-in Boomi Flow source.",
        cause);
  }
}
