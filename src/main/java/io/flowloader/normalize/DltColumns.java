package io.flowloader.normalize;

import java.util.Set;

/**
 * The column names dlt gives its lineage columns and wrapped values (docs/dlt-compatibility.md,
 * "Lineage columns and row ids"). The normalizer writes them; the load stage reads them when it
 * merges, replaces and retires rows.
 */
public final class DltColumns {

  /** The load that wrote a root row. */
  public static final String LOAD_ID = "_dlt_load_id";

  /**
   * A row's key: random, a key or row hash for roots, derived from parent and index for children.
   */
  public static final String ID = "_dlt_id";

  /** A child row's parent's {@link #ID}. */
  public static final String PARENT_ID = "_dlt_parent_id";

  /** A child row's position in its list. */
  public static final String LIST_IDX = "_dlt_list_idx";

  /** A child row's root's {@link #ID}, for merge dispositions. */
  public static final String ROOT_ID = "_dlt_root_id";

  /** The column of a record or list element that is not an object. */
  public static final String VALUE = "value";

  /** The column of a list element that is itself a list. */
  public static final String LIST = "list";

  /** The lineage columns: NOT NULL by dlt's default hints. */
  public static final Set<String> LINEAGE = Set.of(LOAD_ID, ID, PARENT_ID, LIST_IDX, ROOT_ID);

  private DltColumns() {}
}
