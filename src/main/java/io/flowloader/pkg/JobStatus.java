package io.flowloader.pkg;

/** Status of one table's job within a load package. */
public enum JobStatus {
  STAGED,
  LOADED,
  FAILED,
  ABORTED
}
