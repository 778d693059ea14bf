package io.boomiflow.simulator;

import java.util.Set;

/** The schema drift applied to one response (see {@link FaultKind#SCHEMA_DRIFT}). */
record Drift(
    boolean unknownFields,
    Set<String> dropFields,
    boolean nullArrays,
    Set<String> retypeFields,
    boolean legacyAudit) {

  static final Drift NONE = new Drift(false, Set.of(), false, Set.of(), false);

  static Drift of(FaultSpec f) {
    return new Drift(
        Boolean.TRUE.equals(f.unknownFields()),
        f.dropFields() == null ? Set.of() : Set.copyOf(f.dropFields()),
        Boolean.TRUE.equals(f.nullArrays()),
        f.retypeFields() == null ? Set.of() : Set.copyOf(f.retypeFields()),
        Boolean.TRUE.equals(f.legacyAudit()));
  }
}
