package io.boomiflow.simulator;

import static io.boomiflow.simulator.SimulatorTenants.ACME_ID;
import static io.boomiflow.simulator.SimulatorTenants.ACME_KEY;
import static io.boomiflow.simulator.SimulatorTenants.GLOBEX_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint over real HTTP, as curl would call it: shapes, listing styles, filters, auth and
 * tenant checks, consistency across endpoints, determinism and live mutation.
 */
class SimulatorApiTests extends SimulatorTestBase {

  static final List<String> FLOW_FIELDS =
      List.of(
          "editingToken",
          "id",
          "developerName",
          "developerSummary",
          "startMapElementId",
          "allowJumping",
          "enableHistoricalNavigation",
          "stateExpirationLength",
          "idleStateExpirationLength",
          "authorization",
          "identityProvider",
          "tags",
          "dateCreated",
          "dateModified",
          "whoCreated",
          "whoModified",
          "whoOwner",
          "alertEmail",
          "isActive",
          "isDefault",
          "comment");
  static final List<String> STATE_FIELDS =
      List.of(
          "id",
          "parentId",
          "dateCreated",
          "dateModified",
          "expiresAt",
          "currentFlowId",
          "currentFlowDeveloperName",
          "currentMapElementId",
          "currentMapElementDeveloperName",
          "entryOutcomeId",
          "entryOutcomeDeveloperName",
          "currentStreamId",
          "currentRunningUserId",
          "currentRunningUserEmail",
          "currentRunningUserExternalId",
          "currentRunningUserDisplayName",
          "externalIdentifier",
          "manywhoTenantId",
          "annotations",
          "stateEntries",
          "precommitStateEntry",
          "values",
          "authorizationHeader",
          "isDone",
          "isMcr",
          "isExpired",
          "log",
          "joinUri",
          "rootFaults",
          "hasRootFaults",
          "storeId",
          "frames",
          "archivedFrames",
          "waitExpiresAt",
          "isPageWait");
  static final List<String> AUDIT_FIELDS =
      List.of("id", "type", "occurredAt", "userId", "user", "tenantId", "stateId", "flow", "data");
  static final Pattern DATE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?(Z|\\+00:00)");

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static void assertFields(JsonNode node, List<String> fields) {
    assertThat(node.propertyNames()).containsExactlyElementsOf(fields);
  }

  @Test
  void flowsAreABareArrayWithTheDocumentedShapeIgnoringPaging() {
    JsonNode flows = client.acmeJson("/api/draw/1/flow?page=2&pageSize=5");
    assertThat(flows.isArray()).isTrue();
    assertThat(flows.size()).isEqualTo(60);
    Set<String> names = new HashSet<>();
    boolean nullTags = false, emptyArray = false, nullAuthorization = false;
    for (JsonNode f : flows) {
      assertFields(f, FLOW_FIELDS);
      assertThat(f.get("editingToken").isString()).isTrue();
      assertThat(f.get("id").propertyNames()).containsExactly("id", "versionId");
      assertThat(f.get("dateModified").asString()).matches(DATE);
      names.add(f.get("developerName").asString());
      nullTags |= f.get("tags").isNull();
      nullAuthorization |= f.get("authorization").isNull();
      JsonNode auth = f.get("authorization");
      emptyArray |= !auth.isNull() && auth.get("groups").isArray() && auth.get("groups").isEmpty();
    }
    assertThat(names).hasSize(60);
    assertThat(nullTags).isTrue();
    assertThat(nullAuthorization).isTrue();
    assertThat(emptyArray).isTrue();
    assertThat(names).anyMatch(n -> n.contains("\"")).anyMatch(n -> n.contains("☕"));
    assertThat(names).anyMatch(n -> n.contains("请假"));
  }

  @Test
  void filterGrammarOnBareArrays() {
    JsonNode eq =
        client.acmeJson("/api/draw/1/flow?filter=developerName%20eq%20'expense%20approval'");
    assertThat(eq.size()).isEqualTo(1);
    assertThat(eq.get(0).get("developerName").asString()).isEqualTo("Expense Approval");
    JsonNode sub =
        client.acmeJson("/api/draw/1/flow?filter=substringof(developerName,%20'EXPENSE')");
    assertThat(sub.size()).isEqualTo(4); // "Expense Approval" and #2..#4 of 60 flows / 16 names
    JsonNode quoted =
        client.acmeJson(
            "/api/translate/1/flow?filter=developerName%20eq%20'O''Brien''s%20Onboarding'");
    assertThat(quoted.size()).isEqualTo(1);
    assertThat(client.acme("/api/draw/1/flow?filter=developerName%20like%20'x'").status())
        .isEqualTo(400);
    assertThat(client.acme("/api/draw/1/flow/active?filter=substringof(developerName)").status())
        .isEqualTo(400);
  }

  @Test
  void activeFlowsUseTheSmallerShape() {
    JsonNode active = client.acmeJson("/api/draw/1/flow/active");
    assertThat(active.size()).isBetween(1, 59);
    for (JsonNode f : active) {
      assertThat(f.has("editingToken")).isFalse();
      assertThat(f.propertyNames())
          .containsExactly(
              "id",
              "developerName",
              "developerSummary",
              "dateCreated",
              "dateModified",
              "whoCreated",
              "whoModified",
              "whoOwner",
              "alertEmail",
              "isActive",
              "isDefault",
              "comment",
              "startMapElementId");
      assertThat(f.get("isDefault").asBoolean()).isTrue();
    }
  }

  @Test
  void flowDetailSnapshotAndGraphAreConsistentWithTheList() {
    JsonNode flows = client.acmeJson("/api/draw/1/flow");
    boolean recursiveComparison = false;
    for (JsonNode f : flows) {
      String id = f.get("id").get("id").asString();
      String version = f.get("id").get("versionId").asString();
      // upper-case id and trailing slash are accepted
      JsonNode one = client.acmeJson("/api/draw/1/flow/" + id.toUpperCase() + "/");
      assertThat(one).isEqualTo(f);
      JsonNode snap = client.acmeJson("/api/draw/1/flow/snap/" + id);
      assertThat(snap.get(snap.size() - 1).get("id").get("versionId").asString())
          .isEqualTo(version);
      assertThat(snap.get(0).get("editingToken").isNull()).isTrue();
      JsonNode graph = client.acmeJson("/api/draw/1/graph/flow/" + id);
      assertThat(graph.get("id").get("versionId").asString()).isEqualTo(version);
      assertThat(graph.get("tenantId").asString()).isEqualTo(ACME_ID);
      JsonNode elements = graph.get("mapElements");
      assertThat(elements.get(0).get("id").asString())
          .isEqualTo(f.get("startMapElementId").asString());
      Set<String> elementIds = new HashSet<>();
      elements.forEach(e -> elementIds.add(e.get("id").asString()));
      for (JsonNode e : elements) {
        if (e.get("outcomes").isArray()) {
          for (JsonNode o : e.get("outcomes")) {
            assertThat(elementIds).contains(o.get("nextMapElementId").asString());
            JsonNode c = o.get("comparison");
            recursiveComparison |=
                !c.isNull()
                    && c.get("comparisons").isArray()
                    && c.get("comparisons").get(0).get("comparisons").isArray();
          }
        }
      }
    }
    assertThat(recursiveComparison).isTrue();
  }

  @Test
  void runtimeListsAreBareArrays() {
    JsonNode tenant = client.acmeJson("/api/admin/1/tenant/runtimes?page=3");
    assertThat(tenant.size()).isEqualTo(3);
    assertThat(tenant.get(0).propertyNames())
        .containsExactly("id", "developerName", "latestVersion", "status", "lastPingAt");
    JsonNode org = client.acmeJson("/api/admin/1/organization/runtimes");
    assertThat(org.size()).isEqualTo(4);
    assertThat(org.get(0).propertyNames())
        .containsExactly(
            "id",
            "developerName",
            "numberOfHealthyNodes",
            "numberOfTenants",
            "reportedAt",
            "lastPingAt",
            "status",
            "uri",
            "latestVersion");
    assertThat(list(tenant)).anyMatch(r -> r.get("lastPingAt").isNull());
  }

  @Test
  void usersPageThroughTheEnvelopeAndTheSharedUserSpansBothTenants() {
    JsonNode first = client.acmeJson("/api/admin/1/users");
    assertThat(first.propertyNames()).containsExactly("_meta", "_links", "items");
    assertThat(first.get("_meta").get("total").asInt()).isEqualTo(120);
    assertThat(first.get("_meta").get("pageSize").asInt()).isEqualTo(30);
    assertThat(first.get("_meta").get("page").asInt()).isEqualTo(1);
    assertThat(first.get("_links").get("previous").isNull()).isTrue();
    assertThat(first.get("_links").get("next").asString()).isEqualTo("/api/admin/1/users?page=2");
    assertThat(first.get("items").size()).isEqualTo(30);
    Set<String> ids = new HashSet<>();
    for (int page = 1; page <= 4; page++) {
      client
          .acmeJson("/api/admin/1/users?page=" + page)
          .get("items")
          .forEach(u -> ids.add(u.get("id").asString()));
    }
    assertThat(ids).hasSize(120);
    JsonNode beyond = client.acmeJson("/api/admin/1/users?page=5");
    assertThat(beyond.get("items").isEmpty()).isTrue();
    assertThat(beyond.get("_meta").get("total").asInt()).isEqualTo(120);

    JsonNode sharedInAcme = first.get("items").get(0);
    JsonNode sharedInGlobex = client.globex("/api/admin/1/users").json().get("items").get(0);
    assertThat(sharedInAcme.get("id")).isEqualTo(sharedInGlobex.get("id"));
    assertThat(list(sharedInAcme.get("tenants")))
        .extracting(t -> t.get("id").asString())
        .containsExactly(ACME_ID, GLOBEX_ID);
  }

  @Test
  void keysListTheCallersKeysWithRealLookingSecrets() {
    JsonNode own = client.acmeJson("/api/admin/1/users/me/keys");
    assertThat(list(own)).extracting(k -> k.get("apiKey").asString()).contains(ACME_KEY);
    assertThat(list(own)).allMatch(k -> k.get("apiKey").asString().length() == 32);
    JsonNode shared =
        client.get("/api/admin/1/users/me/keys", SimulatorTenants.SHARED_ACME_KEY, ACME_ID).json();
    assertThat(list(shared))
        .extracting(k -> k.get("apiKey").asString())
        .contains(SimulatorTenants.SHARED_ACME_KEY, SimulatorTenants.SHARED_GLOBEX_KEY);
    assertThat(list(shared))
        .extracting(k -> k.get("tenantId").asString())
        .contains(ACME_ID, GLOBEX_ID);
    // the shared user's globex key works for globex only
    assertThat(
            client
                .get("/api/admin/1/states", SimulatorTenants.SHARED_GLOBEX_KEY, GLOBEX_ID)
                .status())
        .isEqualTo(200);
    assertThat(
            client.get("/api/admin/1/states", SimulatorTenants.SHARED_GLOBEX_KEY, ACME_ID).status())
        .isEqualTo(403);
  }

  @Test
  void statesHaveTheDocumentedShapeAndReferenceRealFlows() {
    JsonNode page = client.acmeJson("/api/admin/1/states/");
    assertThat(page.get("_meta").get("pageSize").asInt()).isEqualTo(10);
    assertThat(page.get("_meta").get("total").asInt()).isEqualTo(1000);
    assertThat(page.get("_links").get("next").asString()).isEqualTo("/api/admin/1/states/?page=2");
    JsonNode capped = client.acmeJson("/api/admin/1/states?pageSize=5000");
    assertThat(capped.get("items").size()).isEqualTo(1000); // the shared server's cap

    Map<String, Set<String>> versions = new HashMap<>();
    for (JsonNode f : client.acmeJson("/api/draw/1/flow")) {
      String id = f.get("id").get("id").asString();
      Set<String> v = new HashSet<>();
      client
          .acmeJson("/api/draw/1/flow/snap/" + id)
          .forEach(s -> v.add(s.get("id").get("versionId").asString()));
      versions.put(id, v);
    }
    boolean sentinel = false, nested = false;
    for (JsonNode s : capped.get("items")) {
      assertFields(s, STATE_FIELDS);
      assertThat(s.get("manywhoTenantId").asString()).isEqualTo(ACME_ID);
      String flow = s.get("currentFlowId").get("id").asString();
      assertThat(versions.get(flow)).contains(s.get("currentFlowId").get("versionId").asString());
      JsonNode pre = s.get("precommitStateEntry");
      sentinel |=
          !pre.isNull()
              && pre.get("dateCommitted").asString().equals("0001-01-01T00:00:00Z")
              && pre.get("nextMapElementId")
                  .asString()
                  .equals("00000000-0000-0000-0000-000000000000");
      JsonNode values = s.get("values");
      nested |=
          values.isArray()
              && values
                  .get(0)
                  .get("objectData")
                  .get(0)
                  .get("properties")
                  .get(2)
                  .get("objectData")
                  .isArray();
    }
    assertThat(sentinel).isTrue();
    assertThat(nested).isTrue();

    String id = capped.get("items").get(7).get("id").asString();
    JsonNode one = client.acmeJson("/api/admin/1/states/" + id.toUpperCase());
    assertThat(one).isEqualTo(capped.get("items").get(7));
  }

  @Test
  void stateFiltersOnStatusAndDateModified() {
    List<JsonNode> all = new ArrayList<>();
    for (int p = 1; p <= 5; p++) {
      client.acmeJson("/api/admin/1/states?pageSize=200&page=" + p).get("items").forEach(all::add);
    }
    assertThat(all).hasSize(1000);
    OffsetDateTime from = OffsetDateTime.parse(all.get(300).get("dateModified").asString());
    OffsetDateTime to = OffsetDateTime.parse(all.get(600).get("dateModified").asString());
    long expected =
        all.stream()
            .filter(s -> s.get("isDone").asBoolean())
            .map(s -> OffsetDateTime.parse(s.get("dateModified").asString()))
            .filter(t -> !t.isBefore(from) && t.isBefore(to))
            .count();
    JsonNode filtered =
        client.acmeJson(
            "/api/admin/1/states?status=done&pageSize=200&from="
                + from.toString().replace("+", "%2B")
                + "&to="
                + to.toString().replace("+", "%2B"));
    assertThat(filtered.get("_meta").get("total").asLong()).isEqualTo(expected).isPositive();
    assertThat(list(filtered.get("items"))).allMatch(s -> s.get("isDone").asBoolean());
    assertThat(client.acme("/api/admin/1/states?from=yesterday").status()).isEqualTo(400);
    assertThat(client.acme("/api/admin/1/states?page=0").status()).isEqualTo(400);
    assertThat(client.acme("/api/admin/1/states?status=sleeping").status()).isEqualTo(400);
  }

  @Test
  void auditSearchFiltersOrdersAndPages() {
    JsonNode first = client.acmeJson("/api/audit/1/search");
    assertThat(first.get("_meta").get("pageSize").asInt()).isEqualTo(50);
    assertThat(first.get("_meta").get("total").asInt()).isEqualTo(5000);
    Set<String> styles = new HashSet<>();
    boolean zeroGuid = false, publicUser = false, data = false;
    List<JsonNode> all = new ArrayList<>();
    for (int p = 1; p <= 25; p++) {
      client.acmeJson("/api/audit/1/search?pageSize=200&page=" + p).get("items").forEach(all::add);
    }
    assertThat(all).hasSize(5000);
    for (JsonNode e : all) {
      assertFields(e, AUDIT_FIELDS);
      String at = e.get("occurredAt").asString();
      assertThat(at).matches(DATE);
      styles.add(at.substring(19).replaceAll("\\d", "9").replace("+99:99", "+00:00"));
      zeroGuid |= e.get("flow").get("id").asString().equals("00000000-0000-0000-0000-000000000000");
      publicUser |= e.get("user").get("email").isNull();
      data |= e.get("data").isObject();
    }
    assertThat(styles).contains(".999999Z", ".999999+00:00", ".9999999+00:00");
    assertThat(zeroGuid && publicUser && data).isTrue();
    for (int i = 1; i < all.size(); i++) {
      assertThat(time(all.get(i))).isAfterOrEqualTo(time(all.get(i - 1)));
    }

    JsonNode desc = client.acmeJson("/api/audit/1/search?orderDirection=desc&pageSize=3");
    assertThat(desc.get("items").get(0).get("id")).isEqualTo(all.get(4999).get("id"));

    // from inclusive, to exclusive
    String from = all.get(1000).get("occurredAt").asString().replace("+", "%2B");
    String to = all.get(2000).get("occurredAt").asString().replace("+", "%2B");
    JsonNode window =
        client.acmeJson("/api/audit/1/search?pageSize=200&from=" + from + "&to=" + to);
    long expected =
        all.stream()
            .filter(
                e ->
                    !time(e).isBefore(time(all.get(1000))) && time(e).isBefore(time(all.get(2000))))
            .count();
    assertThat(window.get("_meta").get("total").asLong()).isEqualTo(expected);
    assertThat(window.get("items").get(0).get("id")).isEqualTo(all.get(1000).get("id"));

    String user = all.get(0).get("userId").asString();
    JsonNode byTypeAndUser =
        client.acmeJson(
            "/api/audit/1/search?type=flow.saved&type=flow.loaded&user=" + user + "&pageSize=200");
    long expectedByType =
        all.stream()
            .filter(e -> e.get("userId").asString().equals(user))
            .filter(e -> Set.of("flow.saved", "flow.loaded").contains(e.get("type").asString()))
            .count();
    assertThat(byTypeAndUser.get("_meta").get("total").asLong()).isEqualTo(expectedByType);
    assertThat(client.acme("/api/audit/1/search?orderDirection=sideways").status()).isEqualTo(400);
    assertThat(client.acme("/api/audit/1/search?orderBy=type").status()).isEqualTo(400);
    assertThat(client.acme("/api/audit/1/search?user=nobody").status()).isEqualTo(400);
  }

  private static OffsetDateTime time(JsonNode event) {
    return OffsetDateTime.parse(event.get("occurredAt").asString());
  }

  @Test
  void runStateAnswers200WithAStatusCode401Body() {
    String id =
        client
            .acmeJson("/api/admin/1/states?status=active")
            .get("items")
            .get(0)
            .get("id")
            .asString();
    SimClient.Result r = client.acme("/api/run/2/state/" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("statusCode").asString()).isEqualTo("401");
    assertThat(r.json().get("authorizationContext").get("loginUrl").asString()).startsWith("https");
    String expired =
        client
            .acmeJson("/api/admin/1/states?status=expired")
            .get("items")
            .get(0)
            .get("id")
            .asString();
    SimClient.Result gone = client.acme("/api/run/2/state/" + expired);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().asString()).contains("has now expired");
  }

  @Test
  void authenticationAndTenantScoping() {
    assertThat(client.get("/api/draw/1/flow", null, ACME_ID).status()).isEqualTo(401);
    assertThat(client.get("/api/draw/1/flow", "sim-nobody-key-00000000000000000", null).status())
        .isEqualTo(401);
    SimClient.Result bearer =
        client.get("/api/draw/1/flow", null, ACME_ID, "Authorization", "Bearer " + ACME_KEY);
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(bearer.json().isString()).isTrue();
    assertThat(client.get("/api/draw/1/flow", ACME_KEY, GLOBEX_ID).status()).isEqualTo(403);
    assertThat(client.get("/api/draw/1/flow", ACME_KEY, null).status()).isEqualTo(200);
    assertThat(client.get("/api/draw/1/flow", ACME_KEY, ACME_ID.toUpperCase()).status())
        .isEqualTo(200);
    // unknown headers are ignored
    assertThat(
            client
                .get("/api/draw/1/flow", ACME_KEY, ACME_ID, "Culture", "de-CH", "ManyWhoState", "x")
                .status())
        .isEqualTo(200);
  }

  @Test
  void legacyTokenIsAQuotedStringUsedRawNeverAsBearer() throws Exception {
    var login =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.baseUrl() + "/api/draw/1/authentication"))
            .header("ManyWhoTenant", ACME_ID)
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\"ana@example.com\",\"password\":\"x\"}"))
            .build();
    var response = client.http().send(login, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("\"ManyWhoTenantId=" + ACME_ID).endsWith("\"");
    String token = response.body().substring(1, response.body().length() - 1);
    assertThat(client.get("/api/draw/1/flow", null, ACME_ID, "Authorization", token).status())
        .isEqualTo(200);
    assertThat(
            client
                .get("/api/draw/1/flow", null, ACME_ID, "Authorization", "Bearer " + token)
                .status())
        .isEqualTo(401);
    assertThat(client.get("/api/draw/1/flow", null, GLOBEX_ID, "Authorization", token).status())
        .isEqualTo(403);
  }

  @Test
  void unknownPathsMalformedIdsAndOtherTenantsIds() {
    assertThat(client.acme("/api/draw/1/flows").status()).isEqualTo(404);
    assertThat(client.acme("/api/admin/1/runtime").status()).isEqualTo(404);
    assertThat(client.acme("/api/admin/1/states/not-a-uuid").status()).isEqualTo(400);
    assertThat(client.acme("/api/admin/1/states/" + java.util.UUID.randomUUID()).status())
        .isEqualTo(404);
    String globexFlow =
        client.globex("/api/draw/1/flow").json().get(0).get("id").get("id").asString();
    assertThat(client.acme("/api/draw/1/flow/" + globexFlow).status()).isEqualTo(404);
    assertThat(client.globex("/api/draw/1/flow/" + globexFlow).status()).isEqualTo(200);
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherData() {
    String a = client.acme("/api/audit/1/search?page=7").body();
    server.control().reset();
    assertThat(client.acme("/api/audit/1/search?page=7").body()).isEqualTo(a);
    server.control().setSeed(7);
    assertThat(client.acme("/api/audit/1/search?page=7").body()).isNotEqualTo(a);
    server.control().setSeed(42);
    assertThat(client.acme("/api/audit/1/search?page=7").body()).isEqualTo(a);
  }

  @Test
  void liveChangesCarryCurrentTimesInOrder() {
    OffsetDateTime before = OffsetDateTime.now().minusSeconds(61);
    server.control().tick(SimulatorTenants.GLOBEX, 2);
    OffsetDateTime after = OffsetDateTime.now().plusSeconds(5);

    JsonNode page = client.globex("/api/audit/1/search?orderDirection=DESC&pageSize=40").json();
    OffsetDateTime previous = null;
    for (JsonNode event : page.get("items")) {
      OffsetDateTime at = time(event);
      assertThat(at).isAfter(before).isBefore(after);
      if (previous != null) {
        assertThat(at).isBefore(previous); // distinct and ordered, not one shared instant
      }
      previous = at;
    }
  }

  @Test
  void mutationAddsEventsModifiesStatesAndBumpsFlows() {
    JsonNode before = client.acmeJson("/api/audit/1/search?orderDirection=DESC&pageSize=1");
    OffsetDateTime newest = time(before.get("items").get(0));
    Map<String, String> versions = new HashMap<>();
    client
        .acmeJson("/api/draw/1/flow")
        .forEach(
            f ->
                versions.put(
                    f.get("id").get("id").asString(), f.get("id").get("versionId").asString()));

    server.control().tick(SimulatorTenants.ACME, 3);

    JsonNode after = client.acmeJson("/api/audit/1/search?orderDirection=DESC&pageSize=60");
    assertThat(after.get("_meta").get("total").asInt()).isEqualTo(5000 + 60);
    for (int i = 0; i < 60; i++) {
      assertThat(time(after.get("items").get(i))).isAfter(newest);
    }
    JsonNode states = client.acmeJson("/api/admin/1/states?pageSize=200&from=2025-03-01T00:00:00Z");
    // 9 new states and up to 15 modified ones, all with a dateModified after the seeded history
    assertThat(states.get("_meta").get("total").asInt()).isBetween(9, 24);
    assertThat(client.acmeJson("/api/admin/1/states").get("_meta").get("total").asInt())
        .isEqualTo(1009);
    int bumped = 0;
    for (JsonNode f : client.acmeJson("/api/draw/1/flow")) {
      String id = f.get("id").get("id").asString();
      String version = f.get("id").get("versionId").asString();
      if (!version.equals(versions.get(id))) {
        bumped++;
        assertThat(OffsetDateTime.parse(f.get("dateModified").asString()))
            .isAfter(OffsetDateTime.parse("2025-03-01T00:00:00Z"));
        assertThat(
                client
                    .acmeJson("/api/draw/1/graph/flow/" + id)
                    .get("id")
                    .get("versionId")
                    .asString())
            .isEqualTo(version);
      }
    }
    assertThat(bumped).isBetween(1, 3);
    // globex untouched
    assertThat(client.globex("/api/audit/1/search").json().get("_meta").get("total").asInt())
        .isEqualTo(1500);
  }

  @Test
  void deletedStatesVanishFromListingAndDetail() {
    SimulatorProperties.Mutation deleting =
        new SimulatorProperties.Mutation(false, 5, 0, 0, 0, 0, 10);
    TenantData acme = server.control().tenant(SimulatorTenants.ACME);
    acme.tick(deleting);
    JsonNode page = client.acmeJson("/api/admin/1/states?pageSize=1000");
    int total = page.get("_meta").get("total").asInt();
    assertThat(total).isBetween(990, 999);
    assertThat(page.get("items").size()).isEqualTo(total);
    int gone = 0;
    for (int i = 0; i < 1000; i++) {
      if (acme.stateDeleted(i)) {
        gone++;
        assertThat(client.acme("/api/admin/1/states/" + acme.stateId(i)).status()).isEqualTo(404);
      }
    }
    assertThat(gone).isEqualTo(1000 - total);
  }

  @Test
  void automaticMutationHappensBetweenRequestsWhenEnabled() {
    server.control().setMutationEnabled(true);
    int first = client.acmeJson("/api/audit/1/search").get("_meta").get("total").asInt();
    for (int i = 0; i < 5; i++) {
      client.acmeJson("/api/admin/1/users");
    }
    int later = client.acmeJson("/api/audit/1/search").get("_meta").get("total").asInt();
    assertThat(later).isGreaterThan(first);
    server.control().setMutationEnabled(false);
  }

  @Test
  void controlApiOverHttp() throws Exception {
    var http = client.http();
    var post =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.baseUrl() + "/__sim/faults"))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"tenant\":\"acme\",\"endpoint\":\"users\",\"kind\":\"HTTP_5XX\",\"status\":500,\"count\":1}"))
            .build();
    var created = http.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(500);
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(200);
    JsonNode log = client.get("/__sim/requests", null, null).json();
    assertThat(list(log))
        .filteredOn(e -> "users".equals(e.get("endpoint").asString()))
        .extracting(e -> e.get("status").asInt())
        .containsExactly(500, 200);
    assertThat(log.toString()).doesNotContain(ACME_KEY);
    var reset =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl() + "/__sim/reset?seed=42"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(client.get("/__sim/requests", null, null).json().size()).isZero();
  }

  @Test
  void benchRecordsPageWithALinkHeader() {
    SimClient.Result first = client.get("/__sim/bench/records?n=2500&page=1", null, null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().size()).isEqualTo(1000);
    assertThat(first.headers().firstValue("Link"))
        .contains("</__sim/bench/records?n=2500&page=2>; rel=\"next\"");
    JsonNode record = first.json().get(0);
    assertThat(record.size()).isEqualTo(15);
    assertThat(record.get("tags").size()).isBetween(2, 3);
    SimClient.Result last = client.get("/__sim/bench/records?n=2500&page=3", null, null);
    assertThat(last.json().size()).isEqualTo(500);
    assertThat(last.headers().firstValue("Link")).isEmpty();
    assertThat(client.get("/__sim/bench/records?n=2500&page=3", null, null).body())
        .isEqualTo(last.body());
  }
}
