package io.flowloader.normalize;

/**
 * A row's {@code _dlt_id}: known (a root's random id, key hash, row hash or source id), or a child
 * id whose SHAKE-128 hash ({@link DltIds#childId}{@code (parent, table, index)}) is computed when
 * first needed. With {@link Normalizer#deferChildIds}, rows carry unresolved child ids and the
 * staging sender thread resolves them ({@link #toString()}) while it encodes the COPY text, off the
 * thread that normalizes.
 *
 * <p>Safe to resolve from any thread: each thread hashes with its own digest, and a race only
 * computes the same immutable String twice.
 */
public final class RowId {

  private static final ThreadLocal<DltIds> IDS = ThreadLocal.withInitial(DltIds::new);

  private final RowId parent;
  private final String table;
  private final int index;
  private String id;

  private RowId(RowId parent, String table, int index, String id) {
    this.parent = parent;
    this.table = table;
    this.index = index;
    this.id = id;
  }

  static RowId of(String id) {
    return new RowId(null, null, -1, id);
  }

  static RowId child(RowId parent, String table, int index) {
    return new RowId(parent, table, index, null);
  }

  /** The id, hashed with {@code ids} if not known yet. */
  String resolve(DltIds ids) {
    String value = id;
    if (value == null) {
      value = ids.child(parent.resolve(ids), table, index);
      id = value;
    }
    return value;
  }

  /** What a row stores: the id when known, else this (resolved by whoever reads the row). */
  Object rowValue() {
    String value = id;
    return value != null ? value : this;
  }

  /** The id, computed on first use. */
  @Override
  public String toString() {
    return resolve(IDS.get());
  }

  /** Equal to another RowId of the same value (both resolved). */
  @Override
  public boolean equals(Object o) {
    return o instanceof RowId r && toString().equals(r.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
