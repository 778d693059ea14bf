package io.boomiflow.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * One tenant's data set. Nothing is materialised: record {@code i} of each kind is a pure function
 * of (seed, tenant, i) plus the few live mutations recorded here, and is written straight to the
 * response stream. Base timestamps grow with the index (states by {@code dateModified}, audit
 * events by {@code occurredAt}), which keeps "server order" stable and cheap.
 */
final class TenantData {

  static final long FLOW = 1, VERSION = 2, ELEMENT = 3, STATE = 4, AUDIT = 5, USER = 6;
  static final long RUNTIME = 7, EDIT = 8, OUTCOME = 9, GROUP = 10, MISC = 11, KEY = 12;

  private static final String[] FLOW_NAMES = {
    "Expense Approval",
    "Visitor Sign-in",
    "Überstunden-Antrag",
    "Café \"Bestellung\" ☕",
    "请假申请",
    "O'Brien's Onboarding",
    "Zürich → Genève Reise ✈️",
    "Incident Triage 🚨",
    "Purchase Order",
    "Customer Feedback",
    "Solicitud de vacaciones",
    "Заявка на доступ",
    "Asset Check-out",
    "Contract Review 📄",
    "日本語フォーム",
    "Employee \"Offboarding\""
  };
  private static final String[] FIRST = {
    "Ana",
    "Ben",
    "José",
    "Zoë",
    "Łukasz",
    "Chloé",
    "Søren",
    "Aoife",
    "Mei",
    "Ngozi",
    "François",
    "Dmitri",
    "Ülkü",
    "Priya",
    "Kwame",
    "Sinéad"
  };
  private static final String[] LAST = {
    "Ruiz",
    "Okafor",
    "Müller",
    "Nakamura",
    "D'Angelo",
    "Núñez",
    "Kowalski",
    "Østergaard",
    "Li",
    "van der Berg",
    "O'Neil",
    "Haddad"
  };
  private static final String[] ELEMENT_TYPES = {
    "STEP", "INPUT", "DECISION", "OPERATOR", "SUBFLOW", "WAIT", "INPUT", "STEP"
  };
  private static final String[] AUDIT_TYPES = {
    "flow.saved",
    "flow.saved",
    "flow.saved",
    "flow.loaded",
    "flow.loaded",
    "flow.initialized",
    "flow.initialized",
    "flow.activated",
    "flow.deactivated",
    "flow.package.exported",
    "flow.package.imported",
    "flow.package.shared",
    "flow.restriction.denied",
    "tenant.saved",
    "tenant.loaded",
    "tenant.created",
    "tenant.exported",
    "tenant.imported",
    "tenant.clearing.requested",
    "tenant.clearing.applied",
    "tenant.user.added",
    "tenant.user.removed",
    "tenant.user.denied",
    "tenant.user.loaded",
    "tenant.user.role.updated"
  };
  static final Set<String> STATE_STATUSES = Set.of("active", "done", "expired");

  final String name;
  final String id;
  final Volumes volumes;
  private final long seed;
  private final long salt;
  private final long endTicks;
  private final List<TenantRef> sharedUserTenants;
  private final boolean hasSharedUser;

  // Live mutation. Events carry wall-clock times, as the real API's live changes do: the events of
  // a tick are spread over the time since the previous tick (at most LIVE_WINDOW back), in order,
  // and never before the generated history's end or an earlier live event.
  private static final long LIVE_WINDOW = 60 * Gen.TICKS_PER_SECOND;
  private long clock;
  private long step;
  private final LongList addedAudit = new LongList();
  private final LongList addedStates = new LongList();
  private final Map<Integer, Long> modifiedStates = new ConcurrentHashMap<>();
  private final Map<Integer, LongList> flowBumps = new ConcurrentHashMap<>();
  private final Set<Integer> deletedStates = ConcurrentHashMap.newKeySet();
  private volatile int auditCount;
  private volatile int stateCount;
  private volatile long dataVersion;
  private long ticks;
  private final Map<String, int[]> matchCache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
          return size() > 8;
        }
      };

  /** Per-tenant volumes after defaults. */
  record Volumes(
      int flows,
      int states,
      int auditEvents,
      int users,
      int runtimes,
      int graphElements,
      int largeGraphEvery,
      int largeGraphElements,
      int logEntries) {}

  /** A tenant as other tenants' records refer to it (the shared user's membership). */
  record TenantRef(String name, String id) {}

  TenantData(
      String name,
      String id,
      Volumes volumes,
      long seed,
      java.time.Instant epochEnd,
      boolean hasSharedUser,
      List<TenantRef> sharedUserTenants) {
    this.name = name;
    this.id = id;
    this.volumes = volumes;
    this.seed = seed;
    this.salt = Gen.salt(name) ^ seed;
    this.endTicks = Gen.ticks(epochEnd);
    this.clock = endTicks;
    this.hasSharedUser = hasSharedUser;
    this.sharedUserTenants = sharedUserTenants;
    this.auditCount = volumes.auditEvents();
    this.stateCount = volumes.states();
  }

  // ---------------------------------------------------------------- identities

  private long h(long kind, long... parts) {
    long[] all = new long[parts.length + 2];
    all[0] = salt;
    all[1] = kind;
    System.arraycopy(parts, 0, all, 2, parts.length);
    return Gen.hash(all);
  }

  /** A UUID whose first 32 bits encode {@code index} (scrambled), so an id maps back in O(1). */
  private String indexedUuid(long kind, int index) {
    int mask = (int) Gen.hash(salt, kind, 0x1D);
    long a = h(kind, index, 0x77);
    long msb = ((long) scramble(index ^ mask) << 32) | ((a & 0xFFFF0FFFL) | 0x4000L);
    long lsb = (Gen.mix(a) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private static final int ODD = 0x9E3779B1;
  private static final int ODD_INVERSE = inverse(ODD);

  /** A bijection on 32-bit ints, so neighbouring records do not get neighbouring ids. */
  private static int scramble(int x) {
    x *= ODD;
    return x ^ (x >>> 16);
  }

  private static int unscramble(int x) {
    x ^= x >>> 16;
    return x * ODD_INVERSE;
  }

  private static int inverse(int odd) {
    int x = odd; // Newton's iteration for the inverse modulo 2^32
    for (int i = 0; i < 5; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }

  /** The record index of {@code uuid} among {@code count} records of {@code kind}, or -1. */
  private int indexOf(long kind, String uuid, int count) {
    UUID parsed;
    try {
      parsed = UUID.fromString(uuid);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    int mask = (int) Gen.hash(salt, kind, 0x1D);
    int index = unscramble((int) (parsed.getMostSignificantBits() >>> 32)) ^ mask;
    if (index < 0 || index >= count) {
      return -1;
    }
    return indexedUuid(kind, index).equalsIgnoreCase(parsed.toString()) ? index : -1;
  }

  String flowId(int f) {
    return indexedUuid(FLOW, f);
  }

  int flowIndex(String uuid) {
    return indexOf(FLOW, uuid, volumes.flows());
  }

  String stateId(int i) {
    return indexedUuid(STATE, i);
  }

  int stateIndex(String uuid) {
    int i = indexOf(STATE, uuid, stateCount);
    return i >= 0 && deletedStates.contains(i) ? -1 : i;
  }

  boolean stateDeleted(int i) {
    return deletedStates.contains(i);
  }

  boolean anyStateDeleted() {
    return !deletedStates.isEmpty();
  }

  String userId(int u) {
    return u == 0 && hasSharedUser ? Gen.uuid(seed, 0x5A4ED) : Gen.uuid(salt, USER, u);
  }

  String publicUserId() {
    return Gen.uuid(salt, USER, -1);
  }

  // ---------------------------------------------------------------- flows

  int baseVersions(int f) {
    return 1 + Gen.pick(h(FLOW, f, 1), 3);
  }

  int versionCount(int f) {
    LongList bumps = flowBumps.get(f);
    return baseVersions(f) + (bumps == null ? 0 : bumps.size());
  }

  String versionId(int f, int v) {
    return Gen.uuid(salt, VERSION, f, v);
  }

  boolean isActive(int f) {
    return Gen.pick(h(FLOW, f, 2), 4) != 0;
  }

  int activeVersion(int f) {
    int base = baseVersions(f);
    return Math.max(0, base - 1 - Gen.pick(h(FLOW, f, 3), 2));
  }

  String flowName(int f) {
    String base = FLOW_NAMES[f % FLOW_NAMES.length];
    return f < FLOW_NAMES.length ? base : base + " #" + (f / FLOW_NAMES.length + 1);
  }

  private long flowCreated(int f) {
    long threeYears = 3 * 365 * Gen.TICKS_PER_DAY;
    long t = endTicks - threeYears + (h(FLOW, f, 4) >>> 1) % (2 * 365 * Gen.TICKS_PER_DAY);
    return Gen.truncate(t, 1);
  }

  long flowModified(int f, int v) {
    int base = baseVersions(f);
    if (v >= base) {
      return flowBumps.get(f).get(v - base);
    }
    long t = flowCreated(f);
    for (int i = 0; i <= v; i++) {
      t += 1 + (h(FLOW, f, 5, i) >>> 1) % (90 * Gen.TICKS_PER_DAY);
    }
    return Gen.truncate(t, flowStyle(f, v));
  }

  /** The date style of a flow version's {@code dateModified} (live mutations print 7 digits). */
  int flowStyle(int f, int v) {
    return v >= baseVersions(f) ? 4 : Gen.pick(h(FLOW, f, 6, v), Gen.STYLES);
  }

  int elementCount(int f) {
    Volumes vol = volumes;
    if (vol.largeGraphEvery() > 0 && f % vol.largeGraphEvery() == 0) {
      return Math.max(2, vol.largeGraphElements());
    }
    int typical = Math.max(2, vol.graphElements());
    return 2 + Gen.pick(h(FLOW, f, 7), typical);
  }

  String elementId(int f, int e) {
    return Gen.uuid(salt, ELEMENT, f, e);
  }

  String elementName(int f, int e) {
    if (e == 0) {
      return "Start";
    }
    return switch (elementType(f, e)) {
      case "DECISION" -> "Entscheidung " + e + " ⚖️";
      case "INPUT" -> "Enter details " + e;
      case "SUBFLOW" -> "Call subflow " + e;
      case "WAIT" -> "Wait \"" + e + "\"";
      case "RETURN" -> "Done";
      default -> "Step " + e;
    };
  }

  String elementType(int f, int e) {
    if (e == 0) {
      return "START";
    }
    if (e == elementCount(f) - 1) {
      return "RETURN";
    }
    return ELEMENT_TYPES[Gen.pick(h(ELEMENT, f, e), ELEMENT_TYPES.length)];
  }

  private void userRef(JsonOut o, String name, int u) {
    if (o.object(name, u >= 0)) {
      o.id("id", userId(u));
      o.str("firstName", firstName(u));
      o.str("lastName", lastName(u));
      o.str("email", email(u));
      o.end();
    }
  }

  private void flowIdObject(JsonOut o, String name, int f, int v) {
    if (o.object(name, true)) {
      o.id("id", flowId(f));
      o.id("versionId", versionId(f, v));
      o.end();
    }
  }

  private int userOf(long hash) {
    return Gen.pick(hash, volumes.users());
  }

  /**
   * Opens a flow version's object with the fields a flow and its graph share, from {@code
   * editingToken} to {@code tags}.
   */
  private void writeFlowHead(JsonOut o, int f, int v, boolean editing) {
    long hf = h(FLOW, f, 8);
    o.startObject();
    o.unknownFields();
    o.id("editingToken", editing ? Gen.uuid(salt, EDIT, f, v) : null);
    flowIdObject(o, "id", f, v);
    o.str("developerName", flowName(f));
    o.str(
        "developerSummary",
        Gen.pick(hf, 3) == 0 ? null : "Routes " + flowName(f) + " requests — v" + (v + 1));
    o.id("startMapElementId", elementId(f, 0));
    o.bool("allowJumping", Gen.pick(hf, 5) == 0);
    o.bool("enableHistoricalNavigation", Gen.pick(hf, 2) == 0);
    o.num("stateExpirationLength", Gen.pick(hf, 7) == 0 ? 14 : 0);
    o.num("idleStateExpirationLength", 30);
    writeAuthorization(o, f);
    writeIdentityProvider(o, f);
    writeTags(o, f);
  }

  /** {@code FlowResponseAPI} of flow {@code f} version {@code v}. */
  void writeFlow(JsonOut o, int f, int v, boolean editing) {
    long hf = h(FLOW, f, 8);
    writeFlowHead(o, f, v, editing);
    o.str("dateCreated", Gen.format(flowCreated(f), 1));
    long modified = flowModified(f, v);
    o.str("dateModified", Gen.format(modified, flowStyle(f, v)));
    int creator = userOf(h(FLOW, f, 9));
    userRef(o, "whoCreated", creator);
    userRef(o, "whoModified", userOf(h(FLOW, f, 10, v)));
    userRef(o, "whoOwner", Gen.pick(hf, 4) == 0 ? -1 : creator);
    o.str("alertEmail", Gen.pick(hf, 3) == 0 ? email(creator) : null);
    boolean active = isActive(f) && activeVersion(f) == v;
    o.bool("isActive", active);
    o.bool("isDefault", active);
    o.str("comment", Gen.pick(hf, 4) == 0 ? "Version " + (v + 1) + ": policy update" : null);
    o.endObject();
  }

  /** {@code FlowResponse} (the smaller shape of {@code draw/1/flow/active}). */
  void writeActiveFlow(JsonOut o, int f) {
    int v = activeVersion(f);
    long hf = h(FLOW, f, 8);
    o.startObject();
    o.unknownFields();
    flowIdObject(o, "id", f, v);
    o.str("developerName", flowName(f));
    o.str(
        "developerSummary",
        Gen.pick(hf, 3) == 0 ? null : "Routes " + flowName(f) + " requests — v" + (v + 1));
    o.str("dateCreated", Gen.format(flowCreated(f), 1));
    long modified = flowModified(f, v);
    o.str("dateModified", Gen.format(modified, flowStyle(f, v)));
    int creator = userOf(h(FLOW, f, 9));
    userRef(o, "whoCreated", creator);
    userRef(o, "whoModified", userOf(h(FLOW, f, 10, v)));
    userRef(o, "whoOwner", Gen.pick(hf, 4) == 0 ? -1 : creator);
    o.str("alertEmail", Gen.pick(hf, 3) == 0 ? email(creator) : null);
    o.bool("isActive", true);
    o.bool("isDefault", true);
    o.str("comment", Gen.pick(hf, 4) == 0 ? "Version " + (v + 1) + ": policy update" : null);
    o.id("startMapElementId", elementId(f, 0));
    o.endObject();
  }

  private void writeAuthorization(JsonOut o, int f) {
    int variant = Gen.pick(h(FLOW, f, 11), 5);
    if (!o.object("authorization", variant != 0)) {
      return;
    }
    String service = variant >= 2 ? Gen.uuid(salt, MISC, 1) : null;
    o.id("serviceElementId", service);
    o.str(
        "globalAuthenticationType",
        switch (variant) {
          case 1 -> "PUBLIC";
          case 4 -> "ALL_USERS";
          default -> "SPECIFIED";
        });
    o.str("streamBehaviourType", variant == 3 ? "CREATE_NEW" : "NONE");
    o.bool("showPagesAsReadOnly", variant == 3);
    if (variant == 4) {
      // an empty array, as opposed to the usual null
      if (o.array("groups", true)) {
        o.end();
      }
    } else if (o.array("groups", variant == 2 || variant == 3)) {
      int n = 1 + Gen.pick(h(FLOW, f, 12), 3);
      for (int i = 0; i < n; i++) {
        authEntry(o, f, i, service, false);
      }
      o.end();
    }
    if (o.array("users", variant == 3)) {
      for (int i = 0; i < 2; i++) {
        authEntry(o, f, 10 + i, service, true);
      }
      o.end();
    }
    if (o.array("locations", variant == 4)) {
      o.startObject();
      o.str("developerName", "Head office");
      o.str("developerSummary", null);
      if (o.object("valueElementToReferenceId", true)) {
        o.id("id", Gen.uuid(salt, MISC, f, 13));
        o.id("typeElementPropertyId", null);
        o.str("command", null);
        o.end();
      }
      o.str("attribute", "COUNTRY");
      o.endObject();
      o.end();
    }
    o.end();
  }

  private void authEntry(JsonOut o, int f, int i, String service, boolean user) {
    o.startObject();
    o.str("authenticationId", "00G" + Long.toHexString(h(FLOW, f, 14, i)).substring(0, 7));
    o.str("attribute", user ? "USER" : "MEMBERS");
    o.str("attributeLabel", user ? "User" : "Members");
    o.str(
        "friendlyName",
        user ? firstName(userOf(h(FLOW, f, 15, i))) + " (user)" : "Approvers «" + i + "»");
    o.str("developerSummary", null);
    o.id("serviceElementId", service);
    if (user) {
      o.bool("runningUser", i % 2 == 0);
    }
    o.endObject();
  }

  private void writeIdentityProvider(JsonOut o, int f) {
    int variant = Gen.pick(h(FLOW, f, 16), 3);
    if (!o.object("identityProvider", variant != 0)) {
      return;
    }
    o.id("id", variant == 1 ? Gen.uuid(salt, MISC, 2) : null);
    if (o.array("allowedUsers", variant == 1)) {
      o.end();
    }
    if (o.array("allowedGroups", variant == 1)) {
      o.g.writeString("finance");
      o.end();
    }
    o.end();
  }

  private void writeTags(JsonOut o, int f) {
    int variant = Gen.pick(h(FLOW, f, 17), 3);
    if (o.array("tags", variant != 0)) {
      if (variant == 2) {
        o.g.writeString("finance");
        o.g.writeString("approvals");
        if (f % 2 == 0) {
          o.g.writeString("émoji 🏷️");
        }
      }
      o.end();
    }
  }

  // ---------------------------------------------------------------- graphs

  /** {@code FlowGraphResponseAPI} of the latest version of flow {@code f}. */
  void writeGraph(JsonOut o, int f) {
    int v = versionCount(f) - 1;
    writeFlowHead(o, f, v, true);
    int n = elementCount(f);
    int groups = Gen.pick(h(FLOW, f, 18), 3);
    if (o.array("mapElements", true)) {
      for (int e = 0; e < n; e++) {
        writeMapElement(o, f, e, n, groups);
      }
      o.end();
    }
    if (o.array("groupElements", groups > 0)) {
      for (int g = 0; g < groups; g++) {
        o.startObject();
        o.id("id", Gen.uuid(salt, GROUP, f, g));
        o.str("elementType", "SWIMLANE");
        o.str("developerName", g == 0 ? "Employee" : "Line manager 👔");
        o.str("developerSummary", null);
        userRef(o, "whoCreated", -1);
        userRef(o, "whoModified", -1);
        userRef(o, "whoOwner", -1);
        o.id("groupElementId", null);
        o.num("x", 200 + 650L * g);
        o.num("y", 0);
        o.num("height", 300);
        o.num("width", 600);
        o.nul("authorization");
        o.bool("isOpen", true);
        o.nul("identityProvider");
        o.endObject();
      }
      o.end();
    }
    o.id("tenantId", id);
    long modified = flowModified(f, v);
    o.str("dateModified", Gen.format(modified, flowStyle(f, v)));
    o.endObject();
  }

  private void writeMapElement(JsonOut o, int f, int e, int n, int groups) {
    long he = h(ELEMENT, f, e, 1);
    String type = elementType(f, e);
    o.startObject();
    o.id("id", elementId(f, e));
    o.str("elementType", type);
    o.str("developerName", elementName(f, e));
    o.str("developerSummary", Gen.pick(he, 4) == 0 ? "Checks the \"amount\" ≥ limit" : null);
    userRef(o, "whoCreated", Gen.pick(he, 3) == 0 ? userOf(he) : -1);
    userRef(o, "whoModified", -1);
    userRef(o, "whoOwner", -1);
    o.id("groupElementId", groups > 0 && e > 0 ? Gen.uuid(salt, GROUP, f, e % groups) : null);
    o.num("x", 10 + 110L * (e % 20));
    o.num("y", 10 + 90L * (e / 20));
    boolean page = type.equals("INPUT") || type.equals("STEP");
    o.id("pageElementId", page ? Gen.uuid(salt, MISC, f, e, 20) : null);
    o.str("pageElementDeveloperName", page ? "Form " + e : null);
    int outcomes = e == n - 1 ? 0 : type.equals("DECISION") ? 2 + Gen.pick(he >>> 8, 2) : 1;
    if (o.array("outcomes", outcomes > 0 || Gen.pick(he >>> 16, 2) == 0)) {
      for (int k = 0; k < outcomes; k++) {
        int next = k == 0 ? e + 1 : e + 1 + Gen.pick(h(OUTCOME, f, e, k), n - e - 1);
        writeOutcome(o, f, e, k, Math.min(next, n - 1), type.equals("DECISION"), n);
      }
      o.end();
    }
    if (o.object("subflow", type.equals("SUBFLOW"))) {
      int target = Gen.pick(he, volumes.flows());
      flowIdObject(o, "flowId", target, baseVersions(target) - 1);
      o.array("arguments", false);
      o.bool("restoreValuesOnJump", false);
      o.bool("returnValuesOnJump", true);
      o.str("flowDeveloperName", flowName(target));
      o.nul("value");
      o.end();
    }
    boolean wait = type.equals("WAIT");
    if (o.object("wait", wait)) {
      writeWait(o, f, e, 0);
      o.end();
    }
    if (o.array("waits", wait)) {
      for (int w = 0; w < 2; w++) {
        o.startObject();
        writeWait(o, f, e, w);
        o.endObject();
      }
      o.end();
    }
    o.endObject();
  }

  private void writeWait(JsonOut o, int f, int e, int w) {
    o.str("developerName", "Wait " + w);
    o.num("days", w);
    o.num("hours", 4);
    o.num("minutes", 0);
    o.num("seconds", 0);
    o.bool("relative", w == 0);
    o.str("absoluteDate", w == 0 ? null : Gen.MIN_DATE);
    o.nul("value");
    o.str("valueDeveloperName", null);
    o.str("timezone", w == 0 ? null : "Europe/Zürich");
    o.id("outcomeId", Gen.uuid(salt, OUTCOME, f, e, 0));
    o.bool("headless", false);
  }

  private void writeOutcome(JsonOut o, int f, int e, int k, int next, boolean decision, int n) {
    long ho = h(OUTCOME, f, e, k, 1);
    o.startObject();
    o.id("id", Gen.uuid(salt, OUTCOME, f, e, k));
    o.str("developerName", decision ? (k == 0 ? "Yes ✅" : "No ❌ " + k) : "Go");
    o.str("developerSummary", null);
    o.str("label", decision ? "Option " + k : null);
    o.id("nextMapElementId", elementId(f, next));
    o.str("nextMapElementDeveloperName", elementName(f, next));
    o.str("pageActionType", Gen.pick(ho, 3) == 0 ? "SUBMIT" : null);
    o.bool("isBulkAction", false);
    o.str("pageActionBindingType", "SAVE");
    o.id("pageObjectBindingId", null);
    o.num("order", k);
    if (o.object("comparison", decision)) {
      int depth = n >= 100 ? 4 : 2;
      writeComparison(o, ho, depth);
      o.end();
    }
    o.nul("flowOut");
    if (o.array("controlPoints", Gen.pick(ho >>> 4, 3) != 0)) {
      int points = Gen.pick(ho >>> 8, 3);
      for (int p = 0; p < points; p++) {
        o.startObject();
        o.num("x", 120 + 10L * p);
        o.num("y", 40 + 5L * p);
        o.endObject();
      }
      o.end();
    }
    if (o.object("attributes", Gen.pick(ho >>> 12, 4) == 0)) {
      o.str("colour", "#4A90E2");
      o.str("note", "naïve \"quoted\" note");
      o.end();
    }
    o.str("className", null);
    o.endObject();
  }

  /** A recursive {@code comparison} tree; {@code depth} levels of nested comparisons. */
  private void writeComparison(JsonOut o, long hash, int depth) {
    o.str("comparisonType", Gen.pick(hash, 2) == 0 ? "AND" : "OR");
    if (o.array("rules", true)) {
      int rules = 1 + Gen.pick(hash >>> 3, 2);
      for (int r = 0; r < rules; r++) {
        o.startObject();
        if (o.object("leftValueElementToReferenceId", true)) {
          o.id("id", Gen.uuid(hash, r, 1));
          o.id("typeElementPropertyId", Gen.uuid(hash, r, 2));
          o.str("command", null);
          o.end();
        }
        o.str("criteriaType", r == 0 ? "GREATER_THAN_OR_EQUAL" : "EQUAL");
        if (o.object("rightValueElementToReferenceId", true)) {
          o.id("id", Gen.uuid(hash, r, 3));
          o.id("typeElementPropertyId", null);
          o.str("command", "VALUE_OF");
          o.end();
        }
        o.endObject();
      }
      o.end();
    }
    int children = depth > 0 ? 1 + Gen.pick(hash >>> 6, 2) : 0;
    if (o.array("comparisons", children > 0)) {
      for (int c = 0; c < children; c++) {
        o.startObject();
        writeComparison(o, Gen.mix(hash + c + 1), depth - 1);
        o.endObject();
      }
      o.end();
    }
    o.num("order", 0);
  }

  // ---------------------------------------------------------------- users

  String firstName(int u) {
    return u == 0 && hasSharedUser ? "Sam" : FIRST[Gen.pick(h(USER, u, 1), FIRST.length)];
  }

  String lastName(int u) {
    return u == 0 && hasSharedUser ? "Shared-Ops" : LAST[Gen.pick(h(USER, u, 2), LAST.length)];
  }

  String email(int u) {
    return u == 0 && hasSharedUser
        ? "sam.shared@example.com"
        : "user" + u + "@" + name + ".example.com";
  }

  void writeUser(JsonOut o, int u) {
    long hu = h(USER, u, 3);
    boolean admin = u <= 1 || Gen.pick(hu, 5) == 0;
    o.startObject();
    o.unknownFields();
    o.id("id", userId(u));
    o.str("firstName", firstName(u));
    o.str("lastName", lastName(u));
    o.str("email", email(u));
    o.str(
        "createdAt",
        Gen.pick(hu, 6) == 0
            ? null
            : Gen.format(
                Gen.truncate(endTicks - (hu >>> 1) % (700 * Gen.TICKS_PER_DAY), 5 - u % 2 * 4),
                5 - u % 2 * 4));
    String org = Gen.uuid(salt, MISC, 30);
    boolean member = u <= 1 || Gen.pick(hu >>> 8, 4) != 0;
    if (o.array("organizations", member)) {
      o.startObject();
      o.id("id", org);
      o.str("name", name.substring(0, 1).toUpperCase() + name.substring(1) + " Corp");
      o.str("role", admin ? "ADMINISTRATOR" : "STANDARD_USER");
      o.endObject();
      o.end();
    }
    if (o.array("tenants", member)) {
      if (u == 0 && hasSharedUser) {
        for (TenantRef t : sharedUserTenants) {
          writeUserTenant(o, t.name(), t.id(), org, true, hu);
        }
      } else {
        writeUserTenant(o, name, id, org, admin, hu);
      }
      o.end();
    }
    if (o.object("role", true)) {
      o.num("roleId", admin ? 1 : 2);
      o.str("developerName", admin ? "ADMINISTRATOR" : "STANDARD_USER");
      o.str("friendlyName", admin ? "Administrator" : "Standard user");
      o.end();
    }
    o.bool("isSso", Gen.pick(hu >>> 12, 3) == 0);
    int tokens = Gen.pick(hu >>> 16, 3);
    if (o.array("tokens", tokens > 0)) {
      for (int t = 0; t < tokens; t++) {
        o.startObject();
        o.id("serviceId", Gen.uuid(salt, MISC, 31, t));
        o.str(
            "createdAt",
            Gen.format(Gen.truncate(endTicks - (t + 2) * 40 * Gen.TICKS_PER_DAY, 0), 0));
        o.str(
            "updatedAt",
            Gen.format(Gen.truncate(endTicks - (t + 1) * 7 * Gen.TICKS_PER_DAY, 0), 0));
        o.endObject();
      }
      o.end();
    }
    o.endObject();
  }

  private void writeUserTenant(
      JsonOut o, String tenantName, String tenantId, String org, boolean admin, long hu) {
    o.startObject();
    o.id("id", tenantId);
    o.id("parentTenantId", null);
    o.str("developerName", tenantName + "-prod");
    o.str("developerSummary", "Production tenant of " + tenantName);
    o.str("expiresAt", null);
    o.bool("isExpired", false);
    o.str(
        "lastLoggedInAt",
        Gen.pick(hu, 5) == 0
            ? null
            : Gen.format(Gen.truncate(endTicks - (hu >>> 3) % (30 * Gen.TICKS_PER_DAY), 1), 1));
    if (o.object("settings", true)) {
      if (o.object("notifications", true)) {
        o.bool("enableEmails", true);
        o.bool("enableAnomalyDetectionBadge", false);
        o.end();
      }
      o.bool("enabledSSO", false);
      o.array("apiKeys", false);
      o.end();
    }
    if (o.object("organization", true)) {
      o.id("id", org);
      o.str("name", tenantName.substring(0, 1).toUpperCase() + tenantName.substring(1) + " Corp");
      o.str("role", admin ? "ADMINISTRATOR" : "STANDARD_USER");
      o.end();
    }
    o.num("roleId", admin ? 1 : 2);
    o.str("role", admin ? "ADMINISTRATOR" : "STANDARD_USER");
    o.bool("isSso", false);
    if (o.object("tenantSettings", true)) {
      o.bool("disableServiceInvokerLogging", false);
      o.num("releaseCycle", 0);
      o.bool("formatValues", true);
      o.bool("useRegionalRedirectUris", false);
      o.bool("environments", true);
      o.bool("themes", true);
      o.array("integrationAccounts", false);
      o.end();
    }
    o.endObject();
  }

  /** {@code UserTenantAPIKey}: real keys for the caller, plus decoys that do not authenticate. */
  void writeKey(JsonOut o, String keyName, String apiKey, String tenantId, int n) {
    o.startObject();
    o.str("name", keyName);
    o.str("apiKey", apiKey);
    o.str(
        "createdAt",
        Gen.format(
            Gen.truncate(endTicks - (n + 3) * 31 * Gen.TICKS_PER_DAY, 1 + n % 2), 1 + n % 2));
    o.id("tenantId", tenantId);
    o.endObject();
  }

  String decoyKey(int n) {
    return Long.toHexString(h(KEY, n, 1) | Long.MIN_VALUE)
        + Long.toHexString(h(KEY, n, 2) | Long.MIN_VALUE);
  }

  /**
   * The legacy builder token of this tenant's user 1: a URL-encoded "AuthenticatedWho", used raw in
   * {@code Authorization} (never with {@code Bearer}).
   */
  String legacyToken() {
    return "ManyWhoTenantId="
        + id
        + "&ManyWhoUserId="
        + userId(1)
        + "&ManyWhoToken="
        + Gen.uuid(salt, KEY, 99)
        + "&DirectoryId="
        + Gen.uuid(salt, MISC, 50)
        + "&DirectoryName=Boomi+Flow&Email="
        + java.net.URLEncoder.encode(email(1), java.nio.charset.StandardCharsets.UTF_8)
        + "&IdentityProvider=&TenantName="
        + name
        + "&Token=&UserId="
        + userId(1);
  }

  // ---------------------------------------------------------------- runtimes

  void writeTenantRuntime(JsonOut o, int r) {
    long hr = h(RUNTIME, r);
    boolean offline = r % 3 == 2;
    o.startObject();
    o.id("id", Gen.uuid(salt, RUNTIME, r));
    o.str("developerName", r == 0 ? "eu-onprem-runtime" : "runtime-" + r + "-ñ");
    o.str("latestVersion", offline ? null : "2025.2." + (10 + Gen.pick(hr, 9)));
    o.str("status", offline ? "Offline" : r == 0 ? "Leader" : "Online");
    o.str(
        "lastPingAt",
        offline ? null : Gen.format(Gen.truncate(endTicks - (hr >>> 1) % Gen.TICKS_PER_DAY, 1), 1));
    o.endObject();
  }

  void writeOrganizationRuntime(JsonOut o, int r) {
    long hr = h(RUNTIME, r);
    boolean offline = r % 3 == 2;
    o.startObject();
    o.id("id", Gen.uuid(salt, RUNTIME, r));
    o.str("developerName", r == 0 ? "eu-onprem-runtime" : "runtime-" + r + "-ñ");
    o.num("numberOfHealthyNodes", offline ? 0 : 1 + Gen.pick(hr, 3));
    o.num("numberOfTenants", 1 + Gen.pick(hr >>> 4, 4));
    o.str(
        "reportedAt",
        offline ? null : Gen.format(Gen.truncate(endTicks - 600 * Gen.TICKS_PER_SECOND, 2), 2));
    o.str(
        "lastPingAt",
        offline ? null : Gen.format(Gen.truncate(endTicks - (hr >>> 1) % Gen.TICKS_PER_DAY, 1), 1));
    o.str("status", offline ? "Offline" : r == 0 ? "Leader" : "Online");
    o.str("uri", offline ? null : "https://runtime-" + r + "." + name + ".example.com");
    o.str("latestVersion", offline ? null : "2025.2." + (10 + Gen.pick(hr, 9)));
    o.endObject();
  }

  // ---------------------------------------------------------------- states

  int stateCount() {
    return stateCount;
  }

  long stateModified(int i) {
    Long modified = modifiedStates.get(i);
    if (modified != null) {
      return modified;
    }
    int base = volumes.states();
    if (i >= base) {
      return addedStates.get(i - base);
    }
    long span = 365 * Gen.TICKS_PER_DAY;
    long step = Math.max(1, span / Math.max(1, base));
    long t = endTicks - span + i * step + (h(STATE, i, 1) >>> 1) % step;
    return Gen.truncate(t, stateStyle(i));
  }

  /** The date style of a state's {@code dateModified} (live mutations print 7 digits). */
  private int stateStyle(int i) {
    return modifiedStates.containsKey(i) || i >= volumes.states()
        ? 4
        : Gen.pick(h(STATE, i, 2), Gen.STYLES);
  }

  String stateStatus(int i) {
    if (modifiedStates.containsKey(i)) {
      return "done";
    }
    int r = Gen.pick(h(STATE, i, 3), 10);
    return r < 6 ? "active" : r < 9 ? "done" : "expired";
  }

  int stateFlow(int i) {
    return Gen.pick(h(STATE, i, 4), volumes.flows());
  }

  int stateVersion(int i) {
    int f = stateFlow(i);
    return Gen.pick(h(STATE, i, 5), baseVersions(f));
  }

  /** {@code StateAPI}. */
  void writeState(JsonOut o, int i) {
    long hs = h(STATE, i, 6);
    int f = stateFlow(i);
    int v = stateVersion(i);
    int n = elementCount(f);
    int element = Gen.pick(hs, n);
    String status = stateStatus(i);
    boolean done = status.equals("done");
    boolean expired = status.equals("expired");
    long modified = stateModified(i);
    int user = Gen.pick(hs >>> 8, 5) == 0 ? -1 : userOf(hs >>> 12);
    o.startObject();
    o.unknownFields();
    o.id("id", stateId(i));
    o.id("parentId", i > 0 && Gen.pick(hs >>> 20, 8) == 0 ? stateId(i - 1) : null);
    long created = Gen.truncate(modified - (hs >>> 2) % (20 * Gen.TICKS_PER_DAY), 0);
    o.str("dateCreated", Gen.format(created, 0));
    o.str("dateModified", Gen.format(modified, stateStyle(i)));
    o.str(
        "expiresAt",
        expired || Gen.pick(hs >>> 24, 3) == 0
            ? Gen.format(Gen.truncate(modified + 30 * Gen.TICKS_PER_DAY, 0), 0)
            : null);
    flowIdObject(o, "currentFlowId", f, v);
    o.str("currentFlowDeveloperName", flowName(f));
    o.id("currentMapElementId", elementId(f, element));
    o.str("currentMapElementDeveloperName", elementName(f, element));
    o.id("entryOutcomeId", null);
    o.str("entryOutcomeDeveloperName", null);
    o.id("currentStreamId", null);
    o.id("currentRunningUserId", user >= 0 ? userId(user) : null);
    o.str("currentRunningUserEmail", user >= 0 ? email(user) : null);
    o.str(
        "currentRunningUserExternalId",
        user >= 0 ? "00u" + Integer.toHexString(user + 4096) : null);
    o.str(
        "currentRunningUserDisplayName", user >= 0 ? firstName(user) + " " + lastName(user) : null);
    o.str("externalIdentifier", Gen.pick(hs >>> 28, 4) == 0 ? "EXT-" + (10000 + i) : null);
    o.id("manywhoTenantId", id);
    if (o.object("annotations", Gen.pick(hs >>> 32, 3) == 0)) {
      o.str("costCentre", "CC-" + (100 + i % 50));
      o.str("notiz", "Prüfen — \"dringend\"");
      o.end();
    }
    boolean content = !done && !expired;
    int entries = content ? Gen.pick(hs >>> 36, 3) : 0;
    if (o.array("stateEntries", entries > 0)) {
      for (int k = 0; k < entries; k++) {
        writeStateEntry(o, i, f, v, Math.min(k, n - 1), false);
      }
      o.end();
    }
    if (content && Gen.pick(hs >>> 40, 2) == 0) {
      o.g.writeName("precommitStateEntry");
      writeStateEntry(o, i, f, v, element, true);
    } else {
      o.nul("precommitStateEntry");
    }
    if (o.array("values", content && Gen.pick(hs >>> 44, 3) != 0)) {
      writeStateValue(o, i, 0, 2);
      o.end();
    }
    o.str("authorizationHeader", null);
    o.bool("isDone", done);
    o.bool("isMcr", false);
    o.bool("isExpired", expired);
    if (o.object("log", Gen.pick(hs >>> 48, 10) == 0)) {
      o.id("id", Gen.uuid(salt, STATE, i, 7));
      o.str("elementType", "LOG");
      o.str("developerName", "State log");
      o.id("stateId", stateId(i));
      o.id("flowId", flowId(f));
      o.str("flowDeveloperName", flowName(f));
      if (o.object("entries", true)) {
        for (int e = 0; e < Math.max(1, volumes.logEntries()); e++) {
          // the first entry keeps its historical key, so seeded data is unchanged by default
          if (o.object(Gen.uuid(salt, STATE, i, e == 0 ? 8 : 1000 + e), true)) {
            o.str("timestamp", Gen.format(modified, stateStyle(i)));
            o.str("message", "Moved to " + elementName(f, element));
            o.nul("data");
            o.str("level", "INFO");
            o.end();
          }
        }
        o.end();
      }
      o.end();
    }
    o.str("joinUri", null);
    boolean faults = Gen.pick(hs >>> 52, 8) == 0;
    if (o.object("rootFaults", faults)) {
      o.str("ServiceFault", "The connector returned 502");
      o.end();
    }
    o.bool("hasRootFaults", faults);
    o.str("storeId", null);
    boolean frames = content && Gen.pick(hs >>> 56, 4) == 0;
    if (o.array("frames", frames)) {
      o.startObject();
      flowIdObject(o, "flowId", f, v);
      o.id("mapElementId", elementId(f, element));
      o.str("mapElementDeveloperName", elementName(f, element));
      o.id("runningUserId", user >= 0 ? userId(user) : null);
      o.nul("precommitStateEntry");
      o.array("values", false);
      o.endObject();
      o.end();
    }
    if (o.array("archivedFrames", frames && Gen.pick(hs >>> 58, 2) == 0)) {
      o.startObject();
      if (o.array("path", true)) {
        for (int p = 0; p < 2; p++) {
          o.startObject();
          flowIdObject(o, "flowId", f, v);
          o.id("mapElementId", elementId(f, Math.min(p, n - 1)));
          o.endObject();
        }
        o.end();
      }
      o.array("values", false);
      o.endObject();
      o.end();
    }
    o.str("waitExpiresAt", null);
    o.bool("isPageWait", false);
    o.endObject();
  }

  private void writeStateEntry(JsonOut o, int i, int f, int v, int element, boolean precommit) {
    long he = h(STATE, i, 9, element, precommit ? 1 : 0);
    o.startObject();
    o.id("id", Gen.uuid(salt, STATE, i, 10, element, precommit ? 1 : 0));
    flowIdObject(o, "flowId", f, v);
    o.str("flowDeveloperName", precommit ? null : flowName(f));
    o.id("mapElementId", elementId(f, element));
    o.str("mapElementDeveloperName", precommit ? null : elementName(f, element));
    o.id(
        "nextMapElementId",
        precommit ? Gen.ZERO_GUID : elementId(f, Math.min(element + 1, elementCount(f) - 1)));
    o.id("authenticatingServiceElementId", null);
    o.str(
        "dateCommitted",
        precommit
            ? Gen.MIN_DATE
            : Gen.format(Gen.truncate(stateModified(i) - Gen.TICKS_PER_DAY, 2), 2));
    o.id("chosenOutcomeId", precommit ? null : Gen.uuid(salt, OUTCOME, f, element, 0));
    o.str("chosenOutcomeDeveloperName", precommit ? null : "Go");
    if (o.array("values", !precommit && Gen.pick(he, 2) == 0)) {
      writeStateValue(o, i, element + 1, 1);
      o.end();
    }
    if (o.array("userInteractions", Gen.pick(he >>> 4, 2) == 0)) {
      o.startObject();
      o.dbl("latitude", 0);
      o.dbl("longitude", 0);
      o.dbl("accuracy", 0);
      o.dbl("altitude", 0);
      o.dbl("altitudeAccuracy", 0);
      o.dbl("heading", 0);
      o.dbl("speed", 0);
      o.str("time", Gen.format(Gen.truncate(stateModified(i), 0), 0));
      o.id("manywhoUserId", userId(userOf(he)));
      o.endObject();
      o.end();
    }
    o.nul("userVotes");
    if (o.array("frames", !precommit && Gen.pick(he >>> 8, 3) == 0)) {
      o.startObject();
      flowIdObject(o, "flowId", f, v);
      o.id("mapElementId", elementId(f, element));
      o.endObject();
      o.end();
    }
    o.endObject();
  }

  /** A {@code StateValueAPI} holding an object whose properties nest objects {@code depth} deep. */
  private void writeStateValue(JsonOut o, int i, int slot, int depth) {
    long hv = h(STATE, i, 11, slot);
    o.startObject();
    o.id("valueElementId", Gen.uuid(salt, MISC, 40, Gen.pick(hv, 6)));
    o.str("valueElementDeveloperName", "Claim " + Gen.pick(hv, 6));
    o.str("contentValue", null);
    o.str("contentType", "ContentObject");
    if (o.array("objectData", true)) {
      writeObject(o, hv, depth);
      o.end();
    }
    o.endObject();
  }

  private void writeObject(JsonOut o, long hash, int depth) {
    o.startObject();
    o.id("internalId", Gen.uuid(hash, depth, 1));
    o.str("externalId", Gen.pick(hash, 2) == 0 ? null : "EXT-" + Gen.pick(hash, 100000));
    o.str("developerName", "Claim");
    o.id("typeElementId", Gen.uuid(salt, MISC, 41));
    o.num("order", 0);
    if (o.array("properties", true)) {
      o.startObject();
      o.id("typeElementPropertyId", Gen.uuid(salt, MISC, 42));
      o.str("developerName", "Amount");
      o.str("contentValue", (Gen.pick(hash >>> 8, 100000) / 100.0) + "");
      o.str("contentType", "ContentNumber");
      o.str("contentFormat", null);
      o.array("objectData", false);
      o.id("typeElementId", null);
      o.endObject();
      o.startObject();
      o.id("typeElementPropertyId", Gen.uuid(salt, MISC, 43));
      o.str("developerName", "Beschreibung");
      o.str("contentValue", "Taxi \"airport\" → hotel 🚕");
      o.str("contentType", "ContentString");
      o.str("contentFormat", null);
      o.array("objectData", false);
      o.id("typeElementId", null);
      o.endObject();
      o.startObject();
      o.id("typeElementPropertyId", Gen.uuid(salt, MISC, 44));
      o.str("developerName", "Lines");
      o.str("contentValue", null);
      o.str("contentType", "ContentList");
      o.str("contentFormat", null);
      if (o.array("objectData", depth > 1)) {
        writeObject(o, Gen.mix(hash + 1), depth - 1);
        o.end();
      }
      o.id("typeElementId", Gen.uuid(salt, MISC, 45));
      o.endObject();
      o.end();
    }
    o.str("typeElementBindingDeveloperName", null);
    o.bool("isSelected", false);
    o.endObject();
  }

  /** The run API quirk: 200 with {@code "statusCode": "401"} and an authorization context. */
  void writeRunState(JsonOut o, int i) {
    int f = stateFlow(i);
    int v = stateVersion(i);
    int element = Gen.pick(h(STATE, i, 6), elementCount(f));
    o.startObject();
    o.id("tenantId", id);
    o.nul("rootElement");
    o.array("navigations", false);
    o.array("outcomes", false);
    o.id("stateId", stateId(i));
    o.id("parentStateId", null);
    o.id("stateToken", Gen.uuid(salt, STATE, i, 12));
    o.str("waitMessage", null);
    o.str("notAuthorizedMessage", "You are not authorized to run this flow.");
    o.id("flowId", flowId(f));
    o.str("flowName", flowName(f));
    o.id("flowVersion", versionId(f, v));
    o.id("currentMapElementId", elementId(f, element));
    o.str("currentMapElementName", elementName(f, element));
    o.str("currentMapElementLabel", null);
    o.str("invokeType", "NOT_ALLOWED");
    o.str("statusCode", "401");
    o.str("joinFlowUri", "https://flow.boomi.com/" + id + "/play/default?join=" + stateId(i));
    if (o.object("authorizationContext", true)) {
      o.str("directoryName", "Okta ✓");
      o.id("directoryId", Gen.uuid(salt, MISC, 50));
      o.str("loginUrl", "https://login.example.com/oauth2/authorize");
      o.str("authenticationType", "OAUTH2");
      o.end();
    }
    o.str("waitExpiresAt", null);
    o.bool("isPageWait", false);
    o.nul("rootFaults");
    o.array("pageComponentDataResponses", false);
    o.array("pageContainerDataResponses", false);
    o.num("pageType", 0);
    o.str("title", null);
    o.array("outputs", false);
    if (o.object("culture", true)) {
      o.str("id", null);
      o.str("developerName", null);
      o.str("developerSummary", null);
      o.str("brand", null);
      o.str("language", "EN");
      o.str("country", "USA");
      o.str("variant", null);
      o.str("code", "en-US");
      o.end();
    }
    if (o.object("featureFlags", true)) {
      o.bool("someFlag", false);
      o.end();
    }
    o.endObject();
  }

  // ---------------------------------------------------------------- audit

  int auditCount() {
    return auditCount;
  }

  long auditTicks(int i) {
    int base = volumes.auditEvents();
    if (i >= base) {
      return addedAudit.get(i - base);
    }
    long span = 730 * Gen.TICKS_PER_DAY;
    long step = Math.max(1, span / Math.max(1, base));
    long t = endTicks - span + i * step + (h(AUDIT, i, 1) >>> 1) % step;
    return Gen.truncate(t, auditStyle(i));
  }

  private int auditStyle(int i) {
    // audit timestamps: microseconds with Z, or 6/7 digits with +00:00
    return 2 + Gen.pick(h(AUDIT, i, 2), 3);
  }

  String auditType(int i) {
    return AUDIT_TYPES[Gen.pick(h(AUDIT, i, 3), AUDIT_TYPES.length)];
  }

  /** The acting user's index, or -1 for the public user. */
  int auditUser(int i) {
    long hu = h(AUDIT, i, 4);
    return Gen.pick(hu, 20) == 0 ? -1 : userOf(hu >>> 8);
  }

  String auditId(int i) {
    return indexedUuid(AUDIT, i);
  }

  void writeAuditEvent(JsonOut o, int i) {
    long ha = h(AUDIT, i, 5);
    String type = auditType(i);
    if (o.drift.legacyAudit() && Gen.pick(ha, 10) == 0) {
      type = "flow.archived";
    }
    int user = auditUser(i);
    String userId = user >= 0 ? userId(user) : publicUserId();
    boolean legacy = o.drift.legacyAudit();
    o.startObject();
    o.unknownFields();
    o.id("id", auditId(i));
    o.str("type", type);
    o.str("occurredAt", Gen.format(auditTicks(i), auditStyle(i)));
    if (!legacy) {
      o.id("userId", userId);
    }
    if (o.object("user", true)) {
      o.id("id", userId);
      o.str("firstName", user >= 0 ? firstName(user) : "Public");
      o.str("lastName", user >= 0 ? lastName(user) : "user");
      o.str("email", user >= 0 ? email(user) : null);
      o.end();
    }
    o.id(legacy ? "tenant" : "tenantId", id);
    boolean flowEvent = type.startsWith("flow.");
    boolean withState = type.equals("flow.initialized") || type.equals("flow.loaded");
    o.id(
        legacy ? "state" : "stateId",
        withState && volumes.states() > 0 ? stateId(Gen.pick(ha >>> 4, volumes.states())) : null);
    if (o.object("flow", true)) {
      if (flowEvent && volumes.flows() > 0) {
        int f = Gen.pick(ha >>> 8, volumes.flows());
        o.id("id", flowId(f));
        o.id("version", versionId(f, Gen.pick(ha >>> 12, baseVersions(f))));
        o.str("developerName", flowName(f));
      } else {
        o.id("id", Gen.ZERO_GUID);
        o.id("version", Gen.ZERO_GUID);
        o.str("developerName", null);
      }
      o.end();
    }
    writeAuditData(o, i, type, ha);
    o.endObject();
  }

  private void writeAuditData(JsonOut o, int i, String type, long ha) {
    switch (type) {
      case "tenant.user.added" -> {
        o.object("data", true);
        o.str("role", "STANDARD_USER");
        o.id("addedUser", userId(userOf(ha >>> 16)));
        o.end();
      }
      case "tenant.user.role.updated" -> {
        o.object("data", true);
        if (o.object("role", true)) {
          o.str("from", "STANDARD_USER");
          o.str("to", "ADMINISTRATOR");
          o.end();
        }
        if (o.object("member", true)) {
          int member = userOf(ha >>> 16);
          o.id("id", userId(member));
          o.str("email", email(member));
          o.end();
        }
        o.end();
      }
      case "flow.restriction.denied" -> {
        o.object("data", true);
        o.str("source", "flow");
        o.str("country", "GB");
        o.str("continent", "EU");
        o.str("restrictionType", "access");
        o.end();
      }
      case "tenant.exported", "tenant.imported" -> {
        o.object("data", true);
        o.id("id", Gen.uuid(salt, AUDIT, i, 9));
        o.nul("data");
        o.str("type", type);
        if (o.object("user", true)) {
          o.id("id", userId(0));
          o.str("email", email(0));
          o.end();
        }
        o.id("tenant", id);
        o.str("occurredAt", Gen.format(auditTicks(i), 3));
        o.end();
      }
      case "flow.archived" -> {
        o.object("data", true);
        if (o.array("reasons", true)) {
          o.g.writeString("retention");
          o.g.writeNumber(3);
          o.end();
        }
        o.end();
      }
      default -> o.nul("data");
    }
  }

  // ---------------------------------------------------------------- queries

  /**
   * Indices of the records matching {@code predicate}, computed once per (query, data version) and
   * cached: a few MB of ints at most, never the records themselves.
   */
  int[] matches(String query, int count, IntPredicate predicate) {
    String key = query + "#" + dataVersion + "#" + count;
    synchronized (matchCache) {
      int[] cached = matchCache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    int[] buffer = new int[Math.min(count, 1024)];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (predicate.test(i)) {
        if (n == buffer.length) {
          buffer = java.util.Arrays.copyOf(buffer, Math.min(count, buffer.length * 2));
        }
        buffer[n++] = i;
      }
    }
    int[] result = java.util.Arrays.copyOf(buffer, n);
    synchronized (matchCache) {
      matchCache.put(key, result);
    }
    return result;
  }

  // ---------------------------------------------------------------- mutation

  /**
   * One mutation step: new audit events, new states, modified states (bumped {@code dateModified},
   * done, content cleared) and new flow versions. Deterministic in (seed, tenant, tick number).
   */
  void tick(SimulatorProperties.Mutation m) {
    tick(m, java.time.Instant.now());
  }

  /** One mutation step whose events happen up to {@code now}. */
  synchronized void tick(SimulatorProperties.Mutation m, java.time.Instant now) {
    long t = ++ticks;
    long nowTicks = Gen.ticks(now);
    long from = Math.max(clock, nowTicks - LIVE_WINDOW);
    int events =
        m.auditEventsPerTick()
            + m.newStatesPerTick()
            + m.modifiedStatesPerTick()
            + m.flowBumpsPerTick();
    // Mean spacing: the window shared by this tick's events, at least a millisecond apart.
    step = Math.max(Gen.TICKS_PER_SECOND / 1000, (nowTicks - from) / Math.max(1, events));
    clock = from;
    for (int k = 0; k < m.auditEventsPerTick(); k++) {
      addedAudit.add(nextClock(k));
      auditCount = volumes.auditEvents() + addedAudit.size();
    }
    for (int k = 0; k < m.newStatesPerTick(); k++) {
      addedStates.add(nextClock(k));
      stateCount = volumes.states() + addedStates.size();
    }
    int states = stateCount;
    for (int k = 0; k < m.modifiedStatesPerTick() && states > 0; k++) {
      int i = Gen.pick(h(MISC, 60, t, k), states);
      modifiedStates.put(i, nextClock(k));
    }
    for (int k = 0; k < m.deletedStatesPerTick() && states > 0; k++) {
      deletedStates.add(Gen.pick(h(MISC, 63, t, k), states));
    }
    for (int k = 0; k < m.flowBumpsPerTick() && volumes.flows() > 0; k++) {
      int f = Gen.pick(h(MISC, 61, t, k), volumes.flows());
      flowBumps.computeIfAbsent(f, x -> new LongList()).add(nextClock(k));
    }
    dataVersion++;
  }

  private long nextClock(int k) {
    clock += step / 2 + Gen.pick(h(MISC, 62, clock, k), (int) Math.min(step, Integer.MAX_VALUE));
    return Gen.truncate(clock, 4);
  }

  synchronized long ticks() {
    return ticks;
  }

  /** Summary for {@code /__sim/status}. */
  Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("id", id);
    m.put("flows", volumes.flows());
    m.put("states", stateCount);
    m.put("auditEvents", auditCount);
    m.put("users", volumes.users());
    m.put("runtimes", volumes.runtimes());
    m.put("ticks", ticks());
    m.put("modifiedStates", modifiedStates.size());
    m.put("deletedStates", deletedStates.size());
    m.put("bumpedFlows", new ArrayList<>(flowBumps.keySet()).size());
    return m;
  }

  /** A growable list of longs that readers may read while one writer appends. */
  static final class LongList {
    private volatile long[] values = new long[16];
    private volatile int size;

    synchronized void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size] = v;
      size = size + 1;
    }

    long get(int i) {
      return values[i];
    }

    int size() {
      return size;
    }
  }
}
