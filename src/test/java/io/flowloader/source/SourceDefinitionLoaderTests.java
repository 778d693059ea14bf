package io.flowloader.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.source.ResourceDefinition.Disposition;
import io.flowloader.source.ResourceDefinition.MergeStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceDefinitionLoaderTests {

  @Test
  void builtInBoomiFlowSourceMatchesIssueTable() {
    SourceDefinition source = SourceDefinitionLoader.loadBuiltIn();

    assertThat(source.resources())
        .extracting(ResourceDefinition::name)
        .containsExactly(
            "flows",
            "flow",
            "flow_active",
            "graph_flow",
            "runtimes",
            "organization_runtimes",
            "users",
            "api_keys",
            "states",
            "audit_events",
            "translations");
    assertThat(source.selectedByDefault()).doesNotContain("flow").contains("graph_flow");
    assertThat(source.client().baseUrl()).isEqualTo("{tenant.base_url}/api/");
    assertThat(source.client().auth())
        .isEqualTo(
            new AuthConfig.ApiKey(
                "x-boomi-flow-api-key", "{tenant.api_key}", AuthConfig.Location.HEADER));
    assertThat(source.client().headers()).containsEntry("manywhotenant", "{tenant.tenant_id}");

    ResourceDefinition flows = source.resource("flows");
    assertThat(flows.writeDisposition()).isEqualTo(Disposition.MERGE);
    assertThat(flows.primaryKey()).containsExactly("id.id");
    assertThat(flows.endpoint().incremental().cursorPath().expression()).isEqualTo("dateModified");
    assertThat(flows.endpoint().paginator()).isInstanceOf(PaginatorConfig.SinglePage.class);

    ResourceDefinition graph = source.resource("graph_flow");
    assertThat(graph.parent()).isEqualTo("flows");
    assertThat(graph.endpoint().incremental().parentVersionPath().expression())
        .isEqualTo("id.versionId");
    assertThat(source.resource("flow").selected()).isFalse();
    assertThat(source.resource("flow_active").writeDisposition()).isEqualTo(Disposition.REPLACE);
    assertThat(source.resource("runtimes").endpoint().path()).isEqualTo("admin/1/tenant/runtimes");

    ResourceDefinition users = source.resource("users");
    PaginatorConfig.PageNumber envelope = (PaginatorConfig.PageNumber) users.endpoint().paginator();
    assertThat(envelope.pageParam()).isEqualTo("page");
    assertThat(envelope.basePage()).isEqualTo(1);
    assertThat(envelope.totalPath().expression()).isEqualTo("_meta.total");
    assertThat(envelope.totalKind()).isEqualTo(PaginatorConfig.TotalKind.ITEMS);
    assertThat(users.endpoint().params()).containsKey("pageSize");
    assertThat(users.endpoint().dataSelector().fields()).containsExactly("items");

    assertThat(source.resource("api_keys").processingSteps())
        .containsExactly(
            new ProcessingStep(ProcessingStep.Type.FINGERPRINT, "apiKey", "apiKeyFingerprint"));

    ResourceDefinition states = source.resource("states");
    assertThat(states.writeDisposition()).isEqualTo(Disposition.MERGE);
    assertThat(states.endpoint().params()).containsEntry("from", "{incremental.start_value}");
    assertThat(states.endpoint().incremental().lag()).isEqualTo(Duration.ofHours(1));

    ResourceDefinition audit = source.resource("audit_events");
    assertThat(audit.endpoint().incremental().step()).isEqualTo(Duration.ofDays(90));
    assertThat(audit.endpoint().params())
        .containsEntry("to", "{incremental.end_value}")
        .containsEntry("orderDirection", "ASC");
    assertThat(source.resource("translations").endpoint().path()).isEqualTo("translate/1/flow");
  }

  @Test
  void oneMessageListsEveryProblem() {
    String yaml =
        """
        client:
          base_url: http://x/
          colour: red
          paginator:
            type: offset
        resources:
          - name: a
            endpoint:
              path: a
              data_selector: "$..items[?(@.x)]"
              paginator:
                type: json_link
          - name: b
            endpoint:
              path: "b/{resources.missing.id}"
          - name: c
            endpoint:
              path: "c/{resources.d.id}"
          - name: d
            endpoint:
              path: "d/{resources.c.id}"
          - name: e
            write_disposition: merge
            endpoint:
              path: e
              paginator:
                type: cursor
              incremental:
                cursor_path: updated
          - name: f
            endpoint:
              path: "f/{tenant.password}"
              params:
                since: "{incremental.start_value}"
              paginator:
                type: page_number
                stop_after_empty_page: false
        """;

    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "test.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m).contains("test.yaml");
              assertThat(m)
                  .contains("client: unknown key 'colour' (allowed: [auth, base_url, headers,");
              assertThat(m).contains("client.paginator.limit: required for paginator type offset");
              assertThat(m).contains("data_selector: bad JSONPath");
              assertThat(m).contains("next_url_path: required for paginator type json_link");
              assertThat(m).contains("parent resource 'missing' does not exist");
              assertThat(m).contains("dependency cycle between resources");
              assertThat(m).contains("write_disposition merge needs a primary_key");
              assertThat(m).contains("cursor_path: required for paginator type cursor");
              assertThat(m).contains("an incremental cursor needs a primary_key");
              assertThat(m).contains("unknown placeholder {tenant.password}");
              assertThat(m).contains("{incremental.start_value} needs an incremental section");
              assertThat(m).contains("page_number needs a stop rule");
              assertThat(((SourceDefinitionException) e).problems()).hasSizeGreaterThan(10);
            });
  }

  @Test
  void resourceDefaultsMergeLikeDlt() {
    String yaml =
        """
        client:
          base_url: http://x/
        resource_defaults:
          primary_key: id
          write_disposition: merge
          endpoint:
            params:
              pageSize: 50
              lang: en
            paginator: single_page
        resources:
          - name: a
            endpoint:
              path: a
              params:
                pageSize: 10
          - b
        """;
    SourceDefinition s = SourceDefinitionLoader.load(yaml, "test");
    assertThat(s.resource("a").endpoint().params())
        .containsEntry("pageSize", "10")
        .containsEntry("lang", "en");
    assertThat(s.resource("a").writeDisposition()).isEqualTo(Disposition.MERGE);
    assertThat(s.resource("b").endpoint().path()).isEqualTo("b");
    assertThat(s.resource("b").endpoint().params()).containsEntry("pageSize", "50");
  }

  @Test
  void childrenAreOrderedAfterParentsAndUserLayersOverride() {
    String base =
        """
        client:
          base_url: http://x/
        resources:
          - name: child
            endpoint:
              path: "p/{resources.parent.id}/c"
            include_from_parent: [id]
          - name: parent
            endpoint: p
        """;
    String user =
        """
        resources:
          - name: parent
            selected: false
            endpoint:
              params:
                filter: x
        """;
    SourceDefinition s =
        SourceDefinitionLoader.load(
            new org.springframework.core.io.ByteArrayResource(base.getBytes(), "base"),
            new org.springframework.core.io.ByteArrayResource(user.getBytes(), "user"));
    assertThat(s.resources())
        .extracting(ResourceDefinition::name)
        .containsExactly("parent", "child");
    assertThat(s.resource("child").parent()).isEqualTo("parent");
    assertThat(s.resource("parent").selected()).isFalse();
    assertThat(s.resource("parent").endpoint().path()).isEqualTo("p");
    assertThat(s.resource("parent").endpoint().params()).containsEntry("filter", "x");
  }

  @Test
  void writeDispositionTakesDltsStringAndMappingForms() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - {name: a, write_disposition: append}
          - {name: r, write_disposition: replace}
          - {name: m, primary_key: id, write_disposition: merge}
          - {name: di, primary_key: id, write_disposition: {disposition: merge, strategy: delete-insert}}
          - {name: up, primary_key: id, write_disposition: {disposition: merge, strategy: upsert}}
          - {name: plain, primary_key: id, write_disposition: {disposition: merge}}
          - {name: rm, write_disposition: {disposition: replace}}
          - name: none
        """;
    SourceDefinition s = SourceDefinitionLoader.load(yaml, "wd.yaml");
    assertThat(s.resource("a").writeDisposition()).isEqualTo(Disposition.APPEND);
    assertThat(s.resource("a").mergeStrategy()).isNull();
    assertThat(s.resource("r").writeDisposition()).isEqualTo(Disposition.REPLACE);
    assertThat(s.resource("m").mergeStrategy()).isEqualTo(MergeStrategy.DELETE_INSERT);
    assertThat(s.resource("di").mergeStrategy()).isEqualTo(MergeStrategy.DELETE_INSERT);
    assertThat(s.resource("up").writeDisposition()).isEqualTo(Disposition.MERGE);
    assertThat(s.resource("up").mergeStrategy()).isEqualTo(MergeStrategy.UPSERT);
    assertThat(s.resource("plain").mergeStrategy()).isEqualTo(MergeStrategy.DELETE_INSERT);
    assertThat(s.resource("rm").writeDisposition()).isEqualTo(Disposition.REPLACE);
    assertThat(s.resource("none").writeDisposition()).isEqualTo(Disposition.APPEND);
  }

  @Test
  void everyOtherWriteDispositionIsRefusedWithAllProblemsAtOnce() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - {name: a, primary_key: id, write_disposition: upsert}
          - {name: b, primary_key: id, write_disposition: {disposition: merge, strategy: upsrt}}
          - {name: c, write_disposition: {disposition: append, strategy: upsert}}
          - {name: d, write_disposition: {strategy: upsert}}
          - {name: e, primary_key: id, write_disposition: {disposition: merge, strategy: insert-only}}
          - {name: f, write_disposition: {disposition: merge, strategy: upsert}}
          - {name: g, write_disposition: [merge]}
          - {name: h, primary_key: id, write_disposition: {disposition: merge, colour: red}}
        """;
    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "wd.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m).contains("resources[0] (a).write_disposition: must be append, replace");
              assertThat(m).contains("got upsert");
              assertThat(m)
                  .contains(
                      "(b).write_disposition.strategy: must be delete-insert, upsert or scd2, got"
                          + " upsrt");
              assertThat(m)
                  .contains("(c).write_disposition.strategy: only write_disposition merge");
              assertThat(m).contains("(d).write_disposition.disposition: required");
              assertThat(m).contains("(e).write_disposition.strategy").contains("insert-only");
              assertThat(m).contains("(f): write_disposition merge needs a primary_key");
              assertThat(m)
                  .contains("(g).write_disposition: must be append, replace, merge or a mapping");
              assertThat(m).contains("(h).write_disposition: unknown key 'colour'");
            });
  }

  @Test
  void scd2TakesDltsOptionsAndMergeKey() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - name: a
            merge_key: customer_key
            write_disposition:
              disposition: merge
              strategy: scd2
              validity_column_names: [valid_from, valid_to]
              active_record_timestamp: "9999-12-31"
              boundary_timestamp: "2024-08-21T12:15:00+00:00"
              row_version_column_name: row_hash
          - {name: b, write_disposition: {disposition: merge, strategy: scd2}}
          - name: c
            columns: {customer_key: {merge_key: true}, c1: {merge_key: false}}
            write_disposition: {disposition: merge, strategy: scd2}
        """;
    SourceDefinition def = SourceDefinitionLoader.load(yaml, "scd2.yaml");
    // dlt's column hint spelling of the merge key
    assertThat(def.resource("c").mergeKey()).containsExactly("customer_key");
    ResourceDefinition a = def.resource("a");
    assertThat(a.mergeStrategy()).isEqualTo(MergeStrategy.SCD2);
    assertThat(a.mergeKey()).containsExactly("customer_key");
    assertThat(a.scd2())
        .isEqualTo(
            new Scd2Config(
                "valid_from",
                "valid_to",
                java.time.Instant.parse("9999-12-31T00:00:00Z"),
                java.time.Instant.parse("2024-08-21T12:15:00Z"),
                "row_hash"));
    // scd2 needs no primary key (the row hash identifies versions)
    assertThat(def.resource("b").scd2()).isEqualTo(new Scd2Config(null, null, null, null, null));
  }

  @Test
  void scd2OptionsAreRefusedWhereTheyDoNotApply() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - {name: a, primary_key: id, merge_key: id, write_disposition: merge}
          - {name: b, primary_key: id, write_disposition: {disposition: merge, strategy: upsert, boundary_timestamp: "2024-01-01"}}
          - {name: c, write_disposition: {disposition: merge, strategy: scd2, validity_column_names: [x]}}
          - {name: d, write_disposition: {disposition: merge, strategy: scd2, boundary_timestamp: yesterday}}
          - {name: e, primary_key: id, columns: {id: {merge_key: true}}, write_disposition: merge}
        """;
    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "scd2.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m).contains("(a).merge_key: supported only with write_disposition");
              assertThat(m).contains("(e).merge_key: supported only with write_disposition");
              assertThat(m).contains("(b).write_disposition: unknown key 'boundary_timestamp'");
              assertThat(m)
                  .contains("(c).write_disposition.validity_column_names: must be a list of two");
              assertThat(m)
                  .contains("(d).write_disposition.boundary_timestamp: must be an ISO-8601")
                  .contains("got yesterday");
            });
  }

  @Test
  void schemaContractColumnsAndNestingAtSourceAndResourceLevel() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        schema_contract: {columns: freeze}
        max_table_nesting: 2
        resources:
          - name: inherits
          - name: own
            schema_contract: discard_value
            max_table_nesting: 0
            columns:
              log.entries: {data_type: json}
              code: {data_type: text, nullable: false}
          - name: partial
            schema_contract: {data_type: discard_row}
            columns:
              - {name: id, primary_key: true}
        """;
    SourceDefinition s = SourceDefinitionLoader.load(yaml, "c.yaml");
    assertThat(s.resource("inherits").schemaContract())
        .isEqualTo(new ContractConfig(null, "freeze", null));
    assertThat(s.resource("inherits").maxTableNesting()).isEqualTo(2);
    assertThat(s.resource("own").schemaContract())
        .isEqualTo(new ContractConfig("discard_value", "discard_value", "discard_value"));
    assertThat(s.resource("own").maxTableNesting()).isZero();
    assertThat(s.resource("own").columns())
        .containsExactly(
            new ColumnHint("log.entries", "json", null, false),
            new ColumnHint("code", "text", false, false));
    assertThat(s.resource("partial").schemaContract())
        .isEqualTo(new ContractConfig(null, "freeze", "discard_row"));
    assertThat(s.resource("partial").columns())
        .containsExactly(new ColumnHint("id", null, null, true));
  }

  @Test
  void unsupportedContractsAndHintsAreRefusedAtOnce() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        schema_contract: thaw
        resources:
          - name: a
            schema_contract: {tables: evolve, rows: freeze}
            columns:
              x: {data_type: wei}
              y: {data_type: text, dedup_sort: desc}
              z: {nullable: maybe}
          - name: b
            max_table_nesting: -1
            columns: [{data_type: text}]
        """;
    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "c.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m).contains("schema_contract: must be one of discard_row, discard_value");
              assertThat(m).contains("got thaw");
              assertThat(m).contains("(a).schema_contract: unknown key 'rows'");
              assertThat(m).contains("(a).columns.x.data_type: must be one of");
              assertThat(m).contains("(a).columns.y: unknown key 'dedup_sort'");
              assertThat(m).contains("(a).columns.z.nullable: must be true or false");
              assertThat(m).contains("(b).max_table_nesting: must be 0 or more");
              assertThat(m).contains("(b).columns[0].name: required");
            });
  }

  @Test
  void precisionScaleAndTimezoneHintsAsDltWritesThem() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - name: a
            columns:
              amount: {data_type: decimal, precision: 10, scale: 2}
              digits: {data_type: decimal, precision: 38}
              code: {data_type: text, precision: 12}
              small: {data_type: bigint, precision: 16}
              at: {data_type: timestamp, precision: 3, timezone: false}
              seen: {data_type: timestamp, precision: 0}
              local: {data_type: timestamp, timezone: true}
        """;
    SourceDefinition s = SourceDefinitionLoader.load(yaml, "h.yaml");
    assertThat(s.resource("a").columns())
        .containsExactly(
            new ColumnHint("amount", "decimal", null, false, false, 10, 2, null),
            new ColumnHint("digits", "decimal", null, false, false, 38, null, null),
            new ColumnHint("code", "text", null, false, false, 12, null, null),
            new ColumnHint("small", "bigint", null, false, false, 16, null, null),
            new ColumnHint("at", "timestamp", null, false, false, 3, null, false),
            new ColumnHint("seen", "timestamp", null, false, false, 0, null, null),
            new ColumnHint("local", "timestamp", null, false, false, null, null, true));
  }

  @Test
  void precisionScaleAndTimezoneAreRefusedWhereDltDoesNotApplyThem() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - name: a
            columns:
              s1: {data_type: decimal, scale: 2}
              s2: {data_type: double, precision: 10, scale: 2}
              s3: {scale: 1}
              s4: {data_type: decimal, precision: 4, scale: 5}
              p1: {precision: 10}
              p2: {data_type: json, precision: 10}
              p3: {data_type: text, precision: -1}
              p4: {data_type: bigint, precision: 128}
              p5: {data_type: timestamp, precision: 9}
              p6: {data_type: decimal, precision: "10"}
              p7: {data_type: text, precision: 2.5}
              t1: {data_type: text, timezone: false}
              t2: {timezone: yes please}
        """;
    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "h.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              String w = "resources[0] (a).columns.";
              assertThat(m).contains(w + "s1.scale: needs a precision");
              assertThat(m).contains(w + "s2.precision: needs data_type text, bigint, timestamp");
              assertThat(m).contains(w + "s2.scale: needs data_type decimal, not double");
              assertThat(m).contains(w + "s3.scale: needs data_type decimal");
              assertThat(m).contains(w + "s4.scale: must not exceed the precision 4, got 5");
              assertThat(m).contains(w + "p1.precision: needs data_type text, bigint");
              assertThat(m).contains(w + "p2.precision: needs data_type").contains("not json");
              assertThat(m).contains(w + "p3.precision: must be a non-negative integer, got -1");
              assertThat(m).contains(w + "p4.precision: must be 1 to 64 for data_type bigint");
              assertThat(m).contains(w + "p5.precision: must be 0 to 6 for data_type timestamp");
              assertThat(m).contains(w + "p6.precision: must be a non-negative integer");
              assertThat(m).contains(w + "p7.precision: must be a non-negative integer, got 2.5");
              assertThat(m).contains(w + "t1.timezone: needs data_type timestamp, not text");
              assertThat(m).contains(w + "t2.timezone: must be true or false");
              assertThat(((SourceDefinitionException) e).problems()).hasSize(14);
            });
  }

  @Test
  void nestedHintsTakeOneLevelKeysAndListPaths() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - name: a
            nested_hints:
              purchases:
                columns:
                  price: {data_type: decimal, precision: 12, scale: 2}
          - name: b
            nested_hints:
              - path: purchases
                columns: [{name: id, data_type: text}]
              - path: [purchases, coupons]
                columns: {registered_at: {data_type: timestamp, timezone: false}}
        """;
    SourceDefinition s = SourceDefinitionLoader.load(yaml, "n.yaml");
    assertThat(s.resource("a").nestedColumns())
        .containsExactly(
            java.util.Map.entry(
                java.util.List.of("purchases"),
                java.util.List.of(
                    new ColumnHint("price", "decimal", null, false, false, 12, 2, null))));
    assertThat(s.resource("b").nestedColumns())
        .containsExactly(
            java.util.Map.entry(
                java.util.List.of("purchases"),
                java.util.List.of(new ColumnHint("id", "text", null, false))),
            java.util.Map.entry(
                java.util.List.of("purchases", "coupons"),
                java.util.List.of(
                    new ColumnHint(
                        "registered_at", "timestamp", null, false, false, null, null, false))));
    assertThat(s.resource("a").columns()).isEmpty();
  }

  @Test
  void nestedHintsBeyondColumnsAreRefusedAtOnce() {
    String yaml =
        """
        client: {base_url: "http://x/"}
        resources:
          - name: a
            nested_hints:
              purchases:
                primary_key: id
                write_disposition: merge
                columns:
                  id: {primary_key: true}
                  x: {data_type: wei}
              coupons: {}
              tags: [x]
          - name: b
            nested_hints:
              - {path: [], columns: {x: {data_type: text}}}
              - {path: [purchases, 1], columns: {x: {data_type: text}}}
              - {path: p, columns: {x: {data_type: text}}}
              - {path: [p], columns: {y: {data_type: text}}}
          - name: c
            nested_hints: purchases
        """;
    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "n.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              String a = "resources[0] (a).nested_hints.";
              assertThat(m).contains(a + "purchases: unknown key 'primary_key'");
              assertThat(m).contains(a + "purchases: unknown key 'write_disposition'");
              assertThat(m).contains(a + "purchases.columns.id: key hints apply to the root table");
              assertThat(m).contains(a + "purchases.columns.x.data_type: must be one of");
              assertThat(m).contains(a + "coupons.columns: required");
              assertThat(m).contains(a + "tags: must be a mapping such as {columns:");
              String b = "resources[1] (b).nested_hints";
              assertThat(m).contains(b + "[0].path: a field name or a list of field names");
              assertThat(m).contains(b + "[1].path[1]: a field name or a list of field names");
              assertThat(m).contains(b + "[3]: nested table [p] hinted twice");
              assertThat(m).contains("resources[2] (c).nested_hints: must be a mapping");
              assertThat(((SourceDefinitionException) e).problems()).hasSize(10);
            });
  }

  @Test
  void builtInSourceHintsIdKeyedMapsOfStatesAndItsNestedTables() {
    ResourceDefinition states = SourceDefinitionLoader.loadBuiltIn().resource("states");
    assertThat(states.columns())
        .extracting(ColumnHint::name, ColumnHint::dataType)
        .contains(
            org.assertj.core.groups.Tuple.tuple("log__entries", "json"),
            org.assertj.core.groups.Tuple.tuple("precommit_state_entry__user_votes", "json"));
    assertThat(states.nestedColumns())
        .containsEntry(
            java.util.List.of("stateEntries"),
            java.util.List.of(new ColumnHint("user_votes", "json", null, false)))
        .containsEntry(
            java.util.List.of("frames"),
            java.util.List.of(
                new ColumnHint("precommit_state_entry__user_votes", "json", null, false)));
  }

  @Test
  void theSchemaPublishedForEditorsIsTheOneTheLoaderChecks() throws Exception {
    try (java.io.InputStream in =
        getClass().getClassLoader().getResourceAsStream(SourceSchema.LOCATION)) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(
              java.nio.file.Files.readString(
                  java.nio.file.Path.of("docs/source-definition.schema.json")));
    }
  }

  @Test
  void eachShapeProblemIsReportedOnceWithItsPathAndNoFollowUps() {
    String yaml =
        """
        client:
          base_url: http://x/
          auth: {type: bearer}
          headers: {a: [1]}
        resources:
          - 42
          - name: a
            primary_key: [id, 7]
            selected: maybe
            endpoint:
              path: a
              method: PATCH
              paginator: {type: offset, limit: 0}
              response_actions: [{action: retry}]
          - name: b
            endpoint: {params: {x: 1}}
        """;
    assertThatThrownBy(() -> SourceDefinitionLoader.load(yaml, "s.yaml"))
        .isInstanceOf(SourceDefinitionException.class)
        .satisfies(
            e ->
                assertThat(((SourceDefinitionException) e).problems())
                    .containsExactlyInAnyOrder(
                        "client.auth.token: required for auth type bearer",
                        "client.headers.a: must be a scalar",
                        "resources[0]: must be a mapping or a name, got 42",
                        "resources[1] (a).primary_key[1]: must be a name, got 7",
                        "resources[1] (a).selected: must be true or false, got maybe",
                        "resources[1] (a).endpoint.method: must be GET or POST, got PATCH",
                        "resources[1] (a).endpoint.paginator.limit: must be at least 1, got 0",
                        "resources[1] (a).endpoint.response_actions[0]: needs status_code or"
                            + " content",
                        "resources[2] (b).endpoint.path: required"));
  }
}
