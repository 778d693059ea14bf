package io.flowloader.pkg;

/**
 * Life cycle of a load package: {@code extracting → staged → loaded | partial | failed | aborted}.
 *
 * <ul>
 *   <li>{@link #EXTRACTING}: rows are being fetched, normalized and staged; a package found in this
 *       state by a later load was interrupted and is aborted (its staging dropped).
 *   <li>{@link #STAGED}: all rows are staged and everything the commit needs is stored; a later
 *       load commits it without re-fetching.
 *   <li>{@link #LOADED}: committed into the dataset (set inside the commit transaction).
 *   <li>{@link #PARTIAL}: committed, but without the resources its error lists: they failed, and
 *       their tables and cursors were left as they were (tried again by the next load).
 *   <li>{@link #FAILED}, {@link #ABORTED}: nothing of the package reached the dataset.
 * </ul>
 */
public enum PackageStatus {
  EXTRACTING,
  STAGED,
  LOADED,
  PARTIAL,
  FAILED,
  ABORTED;

  public boolean isFinal() {
    return this == LOADED || this == PARTIAL || this == FAILED || this == ABORTED;
  }
}
