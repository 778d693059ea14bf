package io.flowloader.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.load.LoadTestSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Cursor state per tenant × resource × parent key, advanced only inside a transaction. */
class StateStoreIntegrationTests extends LoadTestSupport {

  @Autowired StateStore store;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void cursorsRoundTripPerTenantResourceAndParentKey() {
    CursorKey flows = CursorKey.of("flows");
    CursorKey stateOfA = new CursorKey("states", "flow-a");
    CursorKey stateOfB = new CursorKey("states", "flow-b");
    Map<CursorKey, Cursor> first = new LinkedHashMap<>();
    first.put(
        flows,
        new Cursor(
            "dateModified", CursorType.TIMESTAMP, "2025-01-01T00:00:00Z", List.of("f1", "f2")));
    first.put(stateOfA, new Cursor("seq", CursorType.BIGINT, "41", List.of()));
    first.put(stateOfB, new Cursor("seq", CursorType.BIGINT, "7", List.of()));
    TransactionTemplate tx = new TransactionTemplate(transactionManager);
    tx.executeWithoutResult(s -> store.advance("tenant-s1", "1.1", first));
    tx.executeWithoutResult(
        s ->
            store.advance(
                "tenant-s2",
                "1.2",
                Map.of(flows, new Cursor("x", CursorType.TEXT, "other", List.of()))));

    assertThat(store.load("tenant-s1")).isEqualTo(first);

    // advancing one parent's cursor leaves the others alone
    Cursor next = new Cursor("seq", CursorType.BIGINT, "42", List.of("k42"));
    tx.executeWithoutResult(s -> store.advance("tenant-s1", "1.3", Map.of(stateOfA, next)));
    assertThat(store.load("tenant-s1"))
        .containsEntry(stateOfA, next)
        .containsEntry(stateOfB, first.get(stateOfB))
        .containsEntry(flows, first.get(flows))
        .hasSize(3);
    assertThat(store.load("tenant-s2")).hasSize(1);
  }

  @Test
  void cursorsNeverAdvanceOutsideATransaction() {
    assertThatThrownBy(
            () ->
                store.advance(
                    "tenant-s3",
                    "1.0",
                    Map.of(CursorKey.of("r"), new Cursor("c", CursorType.TEXT, "v", List.of()))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.load("tenant-s3")).isEmpty();
  }

  @Test
  void aRolledBackTransactionLeavesCursorsUnchanged() {
    TransactionTemplate tx = new TransactionTemplate(transactionManager);
    CursorKey key = CursorKey.of("flows");
    Cursor before = new Cursor("c", CursorType.DOUBLE, "1.5", List.of());
    tx.executeWithoutResult(s -> store.advance("tenant-s4", "1.0", Map.of(key, before)));
    tx.executeWithoutResult(
        s -> {
          store.advance(
              "tenant-s4",
              "2.0",
              Map.of(key, new Cursor("c", CursorType.DOUBLE, "9.5", List.of())));
          s.setRollbackOnly();
        });
    assertThat(store.load("tenant-s4")).containsExactly(Map.entry(key, before));
  }

  @Test
  void cursorUpdatesSerialiseForAStagedPackage() {
    Map<CursorKey, Cursor> cursors = new LinkedHashMap<>();
    cursors.put(
        CursorKey.of("a"),
        new Cursor("p", CursorType.DECIMAL, "18446744073709551616", List.of("x")));
    cursors.put(
        new CursorKey("b", "parent \"1\""), new Cursor("q", CursorType.BOOL, "true", List.of()));
    assertThat(StateStore.fromJson(StateStore.toJson(cursors))).isEqualTo(cursors);
    assertThat(StateStore.fromJson(null)).isEmpty();
  }
}
