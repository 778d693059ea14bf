package io.flowloader.normalize;

/**
 * A child row's {@code _dlt_id} whose SHAKE-128 hash is computed when it is first needed ({@link
 * #toString()}), by whichever thread needs it: with {@link Normalizer#deferChildIds}, the staging
 * sender thread hashes while it encodes the COPY text, off the thread that normalizes. The value is
 * exactly {@link DltIds#childId}{@code (parent, table, index)}; {@code parent} is a String or
 * another ChildId (a grandchild's parent is a child), resolved first.
 *
 * <p>Safe to resolve from any thread: each thread hashes with its own digest, and a race only
 * computes the same immutable String twice.
 */
public final class ChildId {

  private static final ThreadLocal<DltIds> IDS = ThreadLocal.withInitial(DltIds::new);

  private final Object parent;
  private final String table;
  private final int index;
  private String id;

  ChildId(Object parent, String table, int index) {
    this.parent = parent;
    this.table = table;
    this.index = index;
  }

  /** The id, computed on first use. */
  @Override
  public String toString() {
    String value = id;
    if (value == null) {
      value = IDS.get().child(parent.toString(), table, index);
      id = value;
    }
    return value;
  }

  /** Equal to another ChildId of the same value (both resolved). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ChildId c && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
