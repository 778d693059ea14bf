package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.normalize.NormalizeWarning.Kind;
import io.flowloader.normalize.SchemaContract.Mode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Normalizer behaviour beyond the golden vectors: nesting limit, contracts, ids, repairs beyond
 * dlt.
 */
class NormalizerTests {

  private static final String R = "things";

  /** One load: the normalizer after it and the rows it made. */
  private record Load(Normalizer normalizer, List<NormalizedRow> rows) {

    Schema schema() {
      return normalizer.schema();
    }

    List<Map<String, Object>> table(String name) {
      TableSchema t = schema().table(name);
      List<Map<String, Object>> out = new ArrayList<>();
      for (NormalizedRow r : rows) {
        if (r.table().equals(name)) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < t.columns().size(); i++) {
            row.put(t.columns().get(i).name(), i < r.values().length ? r.values()[i] : null);
          }
          out.add(row);
        }
      }
      return out;
    }

    List<String> columns(String table) {
      return schema().table(table).columns().stream().map(Column::name).toList();
    }

    long warnings(Kind kind) {
      return normalizer.warnings().stream()
          .filter(w -> w.kind() == kind)
          .mapToLong(NormalizeWarning::count)
          .sum();
    }
  }

  private static Load load(Schema schema, ResourceSettings settings, String... records) {
    Normalizer n = new Normalizer(schema, LoadId.next(), Map.of(R, settings));
    List<NormalizedRow> rows = new ArrayList<>();
    for (String record : records) {
      n.normalize(R, JsonMapper.shared().readTree(record), rows::add);
    }
    return new Load(n, rows);
  }

  private static Load load(ResourceSettings settings, String... records) {
    return load(Schema.empty("boomi_flow"), settings, records);
  }

  private static Load load(String... records) {
    return load(ResourceSettings.defaults(), records);
  }

  @Test
  void deferredChildIdsHaveTheSameValuesAsEagerOnes() throws Exception {
    String record =
        "{\"_dlt_id\":\"root-1\",\"a\":[{\"b\":[1,2,{\"c\":[\"x\"]}]},{\"b\":[3]}],"
            + "\"d\":[[1,2],[3]],\"e\":{\"f\":[true,\"😀\"]}}";
    String loadId = LoadId.next();
    Normalizer eager = new Normalizer(Schema.empty("boomi_flow"), loadId, Map.of());
    Normalizer deferred = new Normalizer(Schema.empty("boomi_flow"), loadId, Map.of());
    deferred.deferChildIds(true);
    List<NormalizedRow> eagerRows = new ArrayList<>();
    List<NormalizedRow> deferredRows = new ArrayList<>();
    eager.normalize(R, JsonMapper.shared().readTree(record), eagerRows::add);
    deferred.normalize(R, JsonMapper.shared().readTree(record), deferredRows::add);
    assertThat(deferredRows).hasSize(eagerRows.size()).hasSizeGreaterThan(8);
    assertThat(deferred.schema().tables()).isEqualTo(eager.schema().tables());
    // resolved on another thread, as the staging sender does, and children before their parents
    List<List<Object>> resolved = new ArrayList<>();
    Thread t =
        new Thread(
            () -> {
              for (int i = deferredRows.size() - 1; i >= 0; i--) {
                List<Object> values = new ArrayList<>();
                for (Object v : deferredRows.get(i).values()) {
                  values.add(v instanceof RowId c ? c.toString() : v);
                }
                resolved.add(0, values);
              }
            });
    t.start();
    t.join();
    int deferredIds = 0;
    for (int i = 0; i < eagerRows.size(); i++) {
      assertThat(deferredRows.get(i).table()).isEqualTo(eagerRows.get(i).table());
      assertThat(resolved.get(i)).containsExactly(eagerRows.get(i).values());
      for (Object v : deferredRows.get(i).values()) {
        deferredIds += v instanceof RowId ? 1 : 0;
      }
    }
    assertThat(deferredIds).isGreaterThan(8);
  }

  @Test
  void nestingLimitZeroStoresObjectsAndListsAsJson() {
    Load l =
        load(
            ResourceSettings.defaults().withMaxTableNesting(0),
            "{\"id\":1,\"a\":{\"b\":1},\"l\":[1,2]}");
    assertThat(l.schema().tables()).containsOnlyKeys("things");
    assertThat(l.schema().table("things").column("a").orElseThrow().type())
        .isEqualTo(DataType.JSON);
    Map<String, Object> row = l.table("things").get(0);
    assertThat(row.get("a")).isEqualTo("{\"b\":1}");
    assertThat(row.get("l")).isEqualTo("[1,2]");
  }

  @Test
  void nestingLimitOneKeepsOneLevelOfChildTables() {
    Load l =
        load(
            ResourceSettings.defaults().withMaxTableNesting(1),
            "{\"id\":1,\"a\":{\"b\":{\"c\":1},\"s\":2},\"l\":[{\"x\":{\"y\":1},\"z\":[1],\"k\":3}]}");
    assertThat(l.schema().tables()).containsOnlyKeys("things", "things__l");
    assertThat(l.columns("things"))
        .containsExactly("id", "a__b", "a__s", "_dlt_load_id", "_dlt_id");
    assertThat(l.schema().table("things").column("a__b").orElseThrow().type())
        .isEqualTo(DataType.JSON);
    assertThat(l.columns("things__l"))
        .containsExactly("x", "z", "k", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");
    assertThat(l.table("things__l").get(0).get("z")).isEqualTo("[1]");
  }

  @Test
  void freezeOnColumnsRejectsNewColumnsOfExistingTables() {
    ResourceSettings frozen =
        ResourceSettings.defaults()
            .withContract(new SchemaContract(Mode.EVOLVE, Mode.FREEZE, Mode.EVOLVE));
    Load first = load(frozen, "{\"id\":1}", "{\"id\":2,\"late\":\"new tables take every column\"}");
    assertThat(first.columns("things")).contains("late");
    Schema schema = first.schema();
    assertThatThrownBy(() -> load(schema, frozen, "{\"id\":3,\"extra\":5}"))
        .isInstanceOfSatisfying(
            NormalizeException.class,
            e -> {
              assertThat(e.table()).isEqualTo("things");
              assertThat(e.column()).isEqualTo("extra");
              assertThat(e.recordKey()).contains("id=3");
              assertThat(e.getMessage()).contains("columns=freeze", "bigint", "things", "extra");
            });
  }

  @Test
  void discardRowDropsTheRowAndItsChildren() {
    ResourceSettings discard =
        ResourceSettings.defaults().withContract(SchemaContract.all(Mode.DISCARD_ROW));
    Load first = load(ResourceSettings.defaults(), "{\"id\":1,\"tags\":[\"a\"]}");
    Load second =
        load(
            first.schema(),
            discard,
            "{\"id\":2,\"extra\":1,\"tags\":[\"b\"]}",
            "{\"id\":3,\"tags\":[\"c\"]}");
    assertThat(second.table("things")).extracting(r -> r.get("id")).containsExactly(3L);
    assertThat(second.table("things__tags")).extracting(r -> r.get("value")).containsExactly("c");
    assertThat(second.schema()).isSameAs(first.schema());
    assertThat(second.warnings(Kind.ROW_DISCARDED)).isEqualTo(1);
  }

  @Test
  void discardValueKeepsTheRowWithoutTheValue() {
    ResourceSettings discard =
        ResourceSettings.defaults().withContract(SchemaContract.all(Mode.DISCARD_VALUE));
    Load first = load("{\"id\":1,\"n\":5}");
    Load second = load(first.schema(), discard, "{\"id\":2,\"extra\":1,\"n\":\"five\"}");
    assertThat(second.columns("things")).doesNotContain("extra", "n__v_text");
    assertThat(second.table("things").get(0)).containsEntry("id", 2L).containsEntry("n", null);
    assertThat(second.warnings(Kind.VALUE_DISCARDED)).isEqualTo(2);
  }

  @Test
  void freezeOnTablesRejectsNewChildTablesAndDataTypeFreezeRejectsVariants() {
    Load first = load("{\"id\":1,\"n\":5}");
    ResourceSettings tablesFrozen =
        ResourceSettings.defaults()
            .withContract(new SchemaContract(Mode.FREEZE, Mode.EVOLVE, Mode.EVOLVE));
    assertThatThrownBy(() -> load(first.schema(), tablesFrozen, "{\"id\":2,\"l\":[1]}"))
        .isInstanceOfSatisfying(
            NormalizeException.class, e -> assertThat(e.table()).isEqualTo("things__l"));
    ResourceSettings typesFrozen =
        ResourceSettings.defaults()
            .withContract(new SchemaContract(Mode.EVOLVE, Mode.EVOLVE, Mode.FREEZE));
    assertThatThrownBy(() -> load(first.schema(), typesFrozen, "{\"id\":2,\"n\":\"five\"}"))
        .isInstanceOfSatisfying(
            NormalizeException.class,
            e -> {
              assertThat(e.column()).isEqualTo("n");
              assertThat(e.getMessage()).contains("data_type=freeze", "n__v_text", "text");
            });
    Load evolved = load(first.schema(), ResourceSettings.defaults(), "{\"id\":2,\"n\":\"five\"}");
    assertThat(evolved.table("things").get(0)).containsEntry("n__v_text", "five");
  }

  @Test
  void sourceRowIdsAreKeptAndChildrenDeriveFromThem() {
    Load l =
        load("{\"_dlt_id\":\"my-own-id\",\"x\":1,\"items\":[\"a\"]}", "{\"_dlt_id\":\"\",\"x\":2}");
    assertThat(l.columns("things")).startsWith("_dlt_id", "x");
    assertThat(l.table("things").get(0)).containsEntry("_dlt_id", "my-own-id");
    assertThat((String) l.table("things").get(1).get("_dlt_id")).hasSize(14);
    assertThat(l.table("things__items").get(0))
        .containsEntry("_dlt_id", DltIds.childId("my-own-id", "things__items", 0))
        .containsEntry("_dlt_parent_id", "my-own-id");
    assertThat(l.warnings(Kind.SOURCE_ROW_ID)).isEqualTo(1);
  }

  @Test
  void sourceLoadIdIsOverwritten() {
    Load l = load("{\"_dlt_load_id\":\"fake\",\"x\":1}");
    assertThat(l.table("things").get(0).get("_dlt_load_id")).isEqualTo(l.normalizer().loadId());
    assertThat(l.warnings(Kind.LOAD_ID_OVERWRITTEN)).isEqualTo(1);
  }

  @Test
  void underscoreOnlyKeysBecomeEmptyColumns() {
    Load l = load("{\"__\":\"a\",\"x\":1}", "{\"____\":\"b\"}", "{\"\":\"c\"}");
    assertThat(l.columns("things")).startsWith("_empty");
    assertThat(l.table("things")).extracting(r -> r.get("_empty")).containsExactly("a", "b", "c");
    assertThat(l.warnings(Kind.UNDERSCORE_KEY_RENAMED)).isEqualTo(2);
  }

  @Test
  void upsertRootsUseTheKeyHashAndChildrenCarryTheRootId() {
    Load l =
        load(
            ResourceSettings.of(WriteDisposition.UPSERT, "id"),
            "{\"name\":\"n\",\"id\":42,\"tags\":[\"a\"]}");
    assertThat(l.columns("things")).startsWith("name", "id");
    assertThat(l.schema().table("things").column("id").orElseThrow().nullable()).isFalse();
    assertThat(l.schema().table("things").column("id").orElseThrow().primaryKey()).isTrue();
    Map<String, Object> root = l.table("things").get(0);
    assertThat(root).containsEntry("_dlt_id", "20oFcVlCAd/fEw");
    assertThat(l.columns("things__tags"))
        .containsExactly("value", "_dlt_root_id", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");
    assertThat(l.table("things__tags").get(0)).containsEntry("_dlt_root_id", "20oFcVlCAd/fEw");
  }

  @Test
  void compoundAndNonAsciiKeysHashLikeDlt() {
    Load compound =
        load(
            ResourceSettings.of(WriteDisposition.UPSERT, "tenantId", "name"),
            "{\"tenantId\":\"t-1\",\"name\":\"ci\",\"x\":1}");
    assertThat(compound.table("things").get(0)).containsEntry("_dlt_id", "dAxin27wCdsRTA");
    Load unicode =
        load(ResourceSettings.of(WriteDisposition.UPSERT, "name"), "{\"name\":\"Größe ✓\"}");
    assertThat(unicode.table("things").get(0)).containsEntry("_dlt_id", "K8rLQ8SLK13qMA");
  }

  @Test
  void nestedPrimaryKeysAcceptSourcePaths() {
    Load l =
        load(
            ResourceSettings.of(WriteDisposition.UPSERT, "id.id"),
            "{\"x\":1,\"id\":{\"id\":\"a1\",\"versionId\":\"v\"}}");
    assertThat(l.table("things").get(0)).containsEntry("_dlt_id", "M/3O9GnZ+fPGTQ");
    assertThat(l.columns("things")).startsWith("x", "id__id");
  }

  @Test
  void nullPrimaryKeysAreRejected() {
    assertThatThrownBy(
            () ->
                load(ResourceSettings.of(WriteDisposition.MERGE, "id"), "{\"id\":1}", "{\"x\":2}"))
        .isInstanceOfSatisfying(
            NormalizeException.class,
            e -> {
              assertThat(e.column()).isEqualTo("id");
              assertThat(e.recordKey()).isEqualTo("#2");
            });
  }

  @Test
  void sourceKeysNamedLikeLineageColumnsAreNotNull() {
    assertThatThrownBy(() -> load("{\"_dlt_parent_id\":\"p\",\"id\":1}", "{\"id\":2}"))
        .isInstanceOfSatisfying(
            NormalizeException.class,
            e -> {
              assertThat(e.column()).isEqualTo("_dlt_parent_id");
              assertThat(e.recordKey()).isEqualTo("#2 (id=2)");
              assertThat(e.getMessage()).contains("NOT NULL", "lineage");
            });
  }

  @Test
  void hugeIntegersNeverGetLost() {
    Load first = load("{\"n\":1,\"t\":\"x\",\"d\":0.5}");
    Load second =
        load(
            first.schema(),
            ResourceSettings.defaults(),
            "{\"n\":18446744073709551616,\"t\":18446744073709551616,\"d\":18446744073709551616,"
                + "\"fresh\":9223372036854775808}");
    Map<String, Object> row = second.table("things").get(0);
    assertThat(row)
        .containsEntry("n", null)
        .containsEntry("n__v_decimal", new BigDecimal("18446744073709551616"))
        .containsEntry("t", "18446744073709551616")
        .containsEntry("d", 1.8446744073709552e19)
        .containsEntry("fresh", new BigDecimal("9223372036854775808"));
    assertThat(second.schema().table("things").column("n__v_decimal").orElseThrow().type())
        .isEqualTo(DataType.DECIMAL);
    assertThat(second.warnings(Kind.HUGE_INTEGER)).isEqualTo(4);
  }

  @Test
  void integersBeyondNumericBecomeText() {
    String huge = "1" + "0".repeat(80);
    Load l = load("{\"x\":" + huge + "}");
    assertThat(l.schema().table("things").column("x").orElseThrow().type())
        .isEqualTo(DataType.TEXT);
    assertThat(l.table("things").get(0)).containsEntry("x", huge);
  }

  @Test
  void numbersBeyondDoubleBecomeNull() {
    Load l = load("{\"x\":1e400,\"y\":1}");
    assertThat(l.table("things").get(0)).doesNotContainKey("x").containsEntry("y", 1L);
    assertThat(l.warnings(Kind.DOUBLE_OUT_OF_RANGE)).isEqualTo(1);
  }

  @Test
  void nulBytesAndLoneSurrogatesAreReplaced() {
    Load l = load("{\"a\":\"x\\u0000y\",\"b\":\"\\ud800!\"}");
    assertThat(l.table("things").get(0))
        .containsEntry("a", "x\uFFFDy")
        .containsEntry("b", "\uFFFD!");
    assertThat(l.warnings(Kind.INVALID_CHARACTER_REPLACED)).isEqualTo(2);
  }

  @Test
  void laterListOfTheSameChildTableWins() {
    Load l = load("{\"id\":1,\"list-of-things\":[1],\"LIST OF THINGS\":[2,3]}");
    assertThat(l.table("things__list_of_things"))
        .extracting(r -> r.get("value"))
        .containsExactly(2L, 3L);
    assertThat(l.warnings(Kind.LIST_COLLISION)).isEqualTo(1);
  }

  @Test
  void collidingKeysMergeAndAreCounted() {
    Load l = load("{\"fooBar\":1,\"foo_bar\":2}");
    assertThat(l.table("things").get(0)).containsEntry("foo_bar", 2L);
    assertThat(l.warnings(Kind.COLUMN_COLLISION)).isEqualTo(1);
  }

  @Test
  void wideRowsAndShapeChangesKeepEveryValueInItsColumn() {
    // more fields than the row buffer starts with, collisions late in the row, and records whose
    // keys change order and set between records (the per-position key cache must not mix them up)
    StringBuilder wide = new StringBuilder("{");
    for (int i = 0; i < 150; i++) {
      wide.append("\"k").append(i).append("\":").append(i).append(',');
    }
    wide.append("\"K149\":-1,\"o\":{\"a\":1,\"b\":2},\"o__a\":3}");
    Load l =
        load(
            wide.toString(),
            "{\"o__a\":4,\"o\":{\"b\":5,\"a\":6},\"k0\":7}",
            "{\"k1\":8,\"k0\":9}",
            wide.toString());
    List<Map<String, Object>> rows = l.table("things");
    assertThat(rows.get(0)).containsEntry("k0", 0L).containsEntry("k148", 148L);
    assertThat(rows.get(0)).containsEntry("k149", -1L).containsEntry("o__a", 1L);
    assertThat(rows.get(0)).containsEntry("o__b", 2L);
    assertThat(rows.get(1)).containsEntry("o__a", 6L).containsEntry("o__b", 5L);
    assertThat(rows.get(1)).containsEntry("k0", 7L).containsEntry("k1", null);
    assertThat(rows.get(2)).containsEntry("k0", 9L).containsEntry("k1", 8L);
    assertThat(rows.get(3)).isEqualTo(withoutLineage(rows.get(0), rows.get(3)));
    assertThat(l.warnings(Kind.COLUMN_COLLISION)).isEqualTo(2 + 1 + 2);
  }

  private static Map<String, Object> withoutLineage(
      Map<String, Object> row, Map<String, Object> lineageFrom) {
    Map<String, Object> out = new LinkedHashMap<>(row);
    out.put("_dlt_id", lineageFrom.get("_dlt_id"));
    return out;
  }

  @Test
  void recordsThatAreNoObjectsAreWrapped() {
    Load l = load("\"just a string\"", "42");
    assertThat(l.columns("things")).startsWith("value");
    assertThat(l.table("things"))
        .extracting(r -> r.get("value"))
        .containsExactly("just a string", "42");
  }

  @Test
  void schemaVersionsCountLoadsThatChangeTables() {
    Load first = load("{\"id\":1}");
    assertThat(first.schema().version()).isEqualTo(2);
    assertThat(first.normalizer().changes())
        .containsExactly(
            SchemaChange.newTable("things", null),
            SchemaChange.newColumn("things", "id", DataType.BIGINT),
            SchemaChange.newColumn("things", "_dlt_load_id", DataType.TEXT),
            SchemaChange.newColumn("things", "_dlt_id", DataType.TEXT));
    Load same = load(first.schema(), ResourceSettings.defaults(), "{\"id\":2}");
    assertThat(same.schema()).isSameAs(first.schema());
    assertThat(same.normalizer().schemaChanged()).isFalse();
    Load more =
        load(first.schema(), ResourceSettings.defaults(), "{\"id\":3,\"n\":null}", "{\"n\":\"x\"}");
    assertThat(more.schema().version()).isEqualTo(3);
    assertThat(more.normalizer().changes())
        .containsExactly(SchemaChange.newColumn("things", "n", DataType.TEXT));
    assertThat(more.schema().versionHash()).isNotEqualTo(first.schema().versionHash());
    assertThat(Schema.fromJson(more.schema().toJson())).isEqualTo(more.schema());
    JsonNode doc = JsonMapper.shared().readTree(more.schema().toJson());
    assertThat(
            doc.path("tables")
                .path("things")
                .path("columns")
                .path("_dlt_id")
                .path("unique")
                .asBoolean())
        .isTrue();
    assertThat(doc.path("version").asInt()).isEqualTo(3);
  }

  @Test
  void aChangedDispositionChangesTheSchema() {
    Load first = load("{\"id\":1,\"tags\":[\"a\"]}");
    Load second =
        load(
            first.schema(),
            ResourceSettings.of(WriteDisposition.MERGE, "id"),
            "{\"id\":1,\"tags\":[\"b\"]}");
    assertThat(second.normalizer().changes())
        .contains(SchemaChange.dispositionChanged("things", WriteDisposition.MERGE));
    assertThat(second.schema().table("things__tags").disposition())
        .isEqualTo(WriteDisposition.MERGE);
    assertThat(second.columns("things__tags")).contains("_dlt_root_id");
    assertThat(second.schema().version()).isEqualTo(3);
  }

  @Test
  void rowsArePrefixesOfTheFinalColumns() {
    Load l = load("{\"a\":1}", "{\"a\":2,\"b\":\"x\"}");
    assertThat(l.rows().get(0).values()).hasSize(3);
    assertThat(l.rows().get(1).values()).hasSize(4);
    assertThat(l.normalizer().rowCounts()).containsEntry("things", 2L);
  }

  /** dlt orders columns by first appearance; a primary_key hint alone does not move a column. */
  @Test
  void primaryKeyColumnsKeepTheirPlaceOfFirstAppearance() {
    Load l =
        load(
            ResourceSettings.of(WriteDisposition.MERGE, "id__id"),
            "{\"name\":\"a\",\"id\":{\"id\":\"k1\",\"v\":1}}");
    assertThat(l.columns(R)).containsExactly("name", "id__id", "id__v", "_dlt_load_id", "_dlt_id");
    assertThat(l.schema().table(R).column("id__id").orElseThrow().nullable()).isFalse();
  }

  /** A value stored as NULL (1e400) does not create its column; its first stored value does. */
  @Test
  void aColumnIsCreatedByItsFirstStoredValue() {
    Load l = load("{\"id\":1,\"x\":1e400,\"y\":1}", "{\"id\":2,\"x\":2.5,\"y\":2}");
    assertThat(l.columns(R)).containsExactly("id", "y", "_dlt_load_id", "_dlt_id", "x");
    assertThat(l.table(R).get(0).get("x")).isNull();
    assertThat(l.table(R).get(1).get("x")).isEqualTo(2.5);
    assertThat(l.warnings(Kind.DOUBLE_OUT_OF_RANGE)).isEqualTo(1);

    Load variant = load("{\"n\":1}", "{\"n\":-1e400}", "{\"n\":\"x\"}");
    assertThat(variant.columns(R)).containsExactly("n", "_dlt_load_id", "_dlt_id", "n__v_text");
  }

  /** A map keyed by ids passing PostgreSQL's column limit names the table and the hint to set. */
  @Test
  void aTableBeyondTheColumnLimitNamesTheHintToSet() {
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 900; i++) {
      entries.append(i == 0 ? "" : ",").append("\"e").append(i).append("\":{\"m\":\"x\",\"l\":1}");
    }
    String record = "{\"id\":1,\"log\":{\"entries\":{" + entries + "}}}";
    assertThatThrownBy(() -> load(record))
        .isInstanceOf(NormalizeException.class)
        .hasMessageContaining("Table `things`")
        .hasMessageContaining("1600 columns")
        .hasMessageContaining("columns: {log__entries: {data_type: json}}");

    Load hinted =
        load(
            ResourceSettings.defaults()
                .withColumns(List.of(new ColumnHint("log.entries", DataType.JSON, null, false))),
            record);
    assertThat(hinted.columns(R)).containsExactly("log__entries", "id", "_dlt_load_id", "_dlt_id");
    assertThat((String) hinted.table(R).get(0).get("log__entries")).startsWith("{\"e0\":");
  }

  /** Typed hints make complete columns first, in hint order; untyped ones change nullability. */
  @Test
  void columnHintsCreateTypedColumnsFirstAndSetNullability() {
    Load l =
        load(
            ResourceSettings.defaults()
                .withColumns(
                    List.of(
                        new ColumnHint("amount", DataType.DOUBLE, null, false),
                        new ColumnHint("name", null, false, false),
                        new ColumnHint("code", DataType.TEXT, null, true))),
            "{\"name\":\"a\",\"amount\":3,\"code\":7,\"extra\":null}");
    assertThat(l.columns(R)).containsExactly("amount", "code", "name", "_dlt_load_id", "_dlt_id");
    TableSchema t = l.schema().table(R);
    assertThat(t.column("amount").orElseThrow().type()).isEqualTo(DataType.DOUBLE);
    assertThat(t.column("code").orElseThrow().nullable()).isFalse();
    assertThat(t.column("code").orElseThrow().primaryKey()).isTrue();
    assertThat(t.column("name").orElseThrow().nullable()).isFalse();
    assertThat(l.table(R).get(0)).containsEntry("amount", 3.0).containsEntry("code", "7");
  }

  /**
   * dlt's precision, scale and timezone hints reach the column, its PostgreSQL type (dlt's postgres
   * type mapper) and the stored schema document, and survive a reload of that document.
   */
  @Test
  void precisionScaleAndTimezoneHintsShapeColumnTypes() {
    Load l =
        load(
            ResourceSettings.defaults()
                .withColumns(
                    List.of(
                        new ColumnHint("code", DataType.TEXT, null, false, 10, null, null),
                        new ColumnHint("small", DataType.BIGINT, null, false, 16, null, null),
                        new ColumnHint("medium", DataType.BIGINT, null, false, 32, null, null),
                        new ColumnHint("at", DataType.TIMESTAMP, null, false, 3, null, false),
                        new ColumnHint("price", DataType.DECIMAL, null, false, 10, 2, null),
                        new ColumnHint("amount", DataType.DECIMAL, null, false),
                        new ColumnHint("seen", null, null, false, null, null, false))),
            "{\"code\":\"abc\",\"small\":5,\"medium\":7,\"at\":\"2024-05-01T10:00:00+02:00\","
                + "\"price\":\"12.345\",\"amount\":1.5,\"seen\":\"2024-05-01T10:00:00Z\","
                + "\"big\":18446744073709551616}");
    TableSchema t = l.schema().table(R);
    assertThat(t.column("code").orElseThrow().postgresType()).isEqualTo("varchar(10)");
    assertThat(t.column("code").orElseThrow().formatType()).isEqualTo("character varying(10)");
    assertThat(t.column("small").orElseThrow().postgresType()).isEqualTo("smallint");
    assertThat(t.column("medium").orElseThrow().postgresType()).isEqualTo("integer");
    assertThat(t.column("at").orElseThrow().postgresType())
        .isEqualTo("timestamp (3) without time zone");
    assertThat(t.column("at").orElseThrow().formatType())
        .isEqualTo("timestamp(3) without time zone");
    assertThat(t.column("price").orElseThrow().postgresType()).isEqualTo("numeric(10,2)");
    assertThat(t.column("amount").orElseThrow().postgresType()).isEqualTo("numeric(38,9)");
    // an untyped hint changes the column the data makes
    assertThat(t.column("seen").orElseThrow().type()).isEqualTo(DataType.TIMESTAMP);
    assertThat(t.column("seen").orElseThrow().postgresType())
        .isEqualTo("timestamp without time zone");
    // the decimal of an integer beyond int64 keeps the service's wide numeric
    assertThat(t.column("big").orElseThrow().postgresType()).isEqualTo("numeric(156,78)");
    // values stay UTC instants: PostgreSQL stores them without the zone
    assertThat(l.table(R).get(0).get("at").toString()).isEqualTo("2024-05-01T08:00Z");

    String json = l.schema().toJson();
    JsonNode code = JsonMapper.shared().readTree(json).at("/tables/things/columns/code");
    assertThat(code.get("precision").asInt()).isEqualTo(10);
    JsonNode at = JsonMapper.shared().readTree(json).at("/tables/things/columns/at");
    assertThat(at.get("precision").asInt()).isEqualTo(3);
    assertThat(at.get("timezone").asBoolean()).isFalse();
    JsonNode price = JsonMapper.shared().readTree(json).at("/tables/things/columns/price");
    assertThat(price.get("scale").asInt()).isEqualTo(2);
    Schema reread = Schema.fromJson(json);
    assertThat(reread.tables()).isEqualTo(l.schema().tables());
    assertThat(reread.versionHash()).isEqualTo(l.schema().versionHash());
  }

  /** A precision dlt's type mapper refuses is refused with a message naming column and table. */
  @Test
  void refusesPrecisionPostgresCannotHold() {
    assertThatThrownBy(
            () ->
                load(
                    ResourceSettings.defaults()
                        .withColumns(
                            List.of(
                                new ColumnHint(
                                    "n", DataType.BIGINT, null, false, 128, null, null))),
                    "{\"n\":1}"))
        .isInstanceOf(NormalizeException.class)
        .hasMessageContaining("`n`")
        .hasMessageContaining("precision 128");
  }

  /**
   * dlt's nested_hints: hints of a nested table apply there. A json hint stops flattening inside
   * the list items (an id-keyed map stays one jsonb value), types and nullability as for the root.
   */
  @Test
  void nestedHintsApplyToTheirNestedTable() {
    ResourceSettings settings =
        ResourceSettings.defaults()
            .withNestedColumns(
                Map.of(
                    List.of("stateEntries"),
                    List.of(
                        new ColumnHint("log.entries", DataType.JSON, null, false),
                        new ColumnHint("weight", DataType.BIGINT, null, false, 16, null, null),
                        new ColumnHint("name", null, false, false, 20, null, null))));
    Load l =
        load(
            settings,
            "{\"id\":1,\"stateEntries\":[{\"name\":\"a\",\"weight\":3,"
                + "\"log\":{\"entries\":{\"6f1c\":{\"m\":\"x\"},\"9a2b\":{\"m\":\"y\"}}}}]}");
    String nested = "things__state_entries";
    assertThat(l.columns(nested))
        .containsExactly(
            "log__entries", "weight", "name", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");
    TableSchema t = l.schema().table(nested);
    assertThat(t.column("log__entries").orElseThrow().type()).isEqualTo(DataType.JSON);
    assertThat(t.column("weight").orElseThrow().postgresType()).isEqualTo("smallint");
    assertThat(t.column("name").orElseThrow().nullable()).isFalse();
    assertThat(t.column("name").orElseThrow().postgresType()).isEqualTo("varchar(20)");
    assertThat((String) l.table(nested).get(0).get("log__entries"))
        .isEqualTo("{\"6f1c\":{\"m\":\"x\"},\"9a2b\":{\"m\":\"y\"}}");
    // the root is untouched by the nested hints
    assertThat(l.columns(R)).containsExactly("id", "_dlt_load_id", "_dlt_id");

    // a nested hint's not-null column, once it exists, must be filled
    assertThatThrownBy(
            () ->
                load(
                    settings,
                    "{\"id\":2,\"stateEntries\":[{\"name\":\"b\"}]}",
                    "{\"id\":3,\"stateEntries\":[{\"weight\":1}]}"))
        .isInstanceOf(NormalizeException.class)
        .hasMessageContaining("`name`");
  }
}
