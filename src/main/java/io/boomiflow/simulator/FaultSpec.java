package io.boomiflow.simulator;

import java.util.List;
import java.util.function.Consumer;

/**
 * One fault to inject, from configuration ({@code simulator.faults[0].kind=HTTP_429}) or posted as
 * JSON to {@code /__sim/faults}. Unset values take the defaults documented on each accessor.
 *
 * @param tenant tenant name or id this applies to; null or {@code *} = every tenant
 * @param endpoint endpoint name (see {@link Endpoint}) this applies to; null or {@code *} = all
 * @param kind what happens
 * @param status HTTP status for HTTP_5XX (500), GATEWAY_HTML (502), TOKEN_BUCKET (429)
 * @param count how many matching requests get the fault (default 1; 0 = every one)
 * @param skip matching requests to let through before the fault starts (default 0)
 * @param page only requests for this 1-based page match (bare arrays are page 1)
 * @param retryAfter {@code seconds} (default), {@code http-date} or {@code none}
 * @param retryAfterSeconds value of {@code Retry-After} (default 1)
 * @param body error body: {@code json-string} (default), {@code api-problem}, {@code
 *     api-problem-int}, {@code failed-requirement}, {@code empty} or {@code html}
 * @param delayMillis slow first byte: the wait; slow drip: the wait between chunks (default 1000 /
 *     50)
 * @param chunkBytes slow drip chunk size (default 64)
 * @param afterBytes truncation / reset point in body bytes (default 512)
 * @param ratePerSecond token bucket refill rate (default 10)
 * @param burst token bucket size (default 20)
 * @param unknownFields schema drift: add {@code restrictions}, {@code sourceRegion}, ...
 * @param dropFields schema drift: field names to omit wherever they occur
 * @param nullArrays schema drift: write every array as null
 * @param retypeFields schema drift: field names whose number/boolean value is written as a string
 * @param legacyAudit schema drift: 2021 audit names ({@code tenant}/{@code state}, no {@code
 *     userId}) and new event types
 */
public record FaultSpec(
    String tenant,
    String endpoint,
    FaultKind kind,
    Integer status,
    Integer count,
    Integer skip,
    Integer page,
    String retryAfter,
    Integer retryAfterSeconds,
    String body,
    Long delayMillis,
    Integer chunkBytes,
    Integer afterBytes,
    Double ratePerSecond,
    Integer burst,
    Boolean unknownFields,
    List<String> dropFields,
    Boolean nullArrays,
    List<String> retypeFields,
    Boolean legacyAudit) {

  /** A fault of {@code kind} on one tenant's endpoint with every other value defaulted. */
  public static FaultSpec of(String tenant, String endpoint, FaultKind kind) {
    return new FaultSpec(
        tenant, endpoint, kind, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  public FaultSpec withStatus(int value) {
    return copy(d -> d.status = value);
  }

  public FaultSpec withCount(int value) {
    return copy(d -> d.count = value);
  }

  public FaultSpec withSkip(int value) {
    return copy(d -> d.skip = value);
  }

  public FaultSpec withPage(int value) {
    return copy(d -> d.page = value);
  }

  public FaultSpec withRetryAfter(String mode, int seconds) {
    return copy(
        d -> {
          d.retryAfter = mode;
          d.retryAfterSeconds = seconds;
        });
  }

  public FaultSpec withBody(String value) {
    return copy(d -> d.body = value);
  }

  public FaultSpec withTiming(long delay, int chunk) {
    return copy(
        d -> {
          d.delayMillis = delay;
          d.chunkBytes = chunk;
        });
  }

  public FaultSpec withAfterBytes(int value) {
    return copy(d -> d.afterBytes = value);
  }

  public FaultSpec withBucket(double rate, int size) {
    return copy(
        d -> {
          d.ratePerSecond = rate;
          d.burst = size;
        });
  }

  public FaultSpec withDrift(
      boolean unknown, List<String> drop, boolean arraysNull, List<String> retype, boolean legacy) {
    return copy(
        d -> {
          d.unknownFields = unknown;
          d.dropFields = drop;
          d.nullArrays = arraysNull;
          d.retypeFields = retype;
          d.legacyAudit = legacy;
        });
  }

  private FaultSpec copy(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new FaultSpec(
        d.tenant,
        d.endpoint,
        d.kind,
        d.status,
        d.count,
        d.skip,
        d.page,
        d.retryAfter,
        d.retryAfterSeconds,
        d.body,
        d.delayMillis,
        d.chunkBytes,
        d.afterBytes,
        d.ratePerSecond,
        d.burst,
        d.unknownFields,
        d.dropFields,
        d.nullArrays,
        d.retypeFields,
        d.legacyAudit);
  }

  /** The values of a copy while a wither changes some of them. */
  private static final class Draft {
    String tenant;
    String endpoint;
    FaultKind kind;
    Integer status;
    Integer count;
    Integer skip;
    Integer page;
    String retryAfter;
    Integer retryAfterSeconds;
    String body;
    Long delayMillis;
    Integer chunkBytes;
    Integer afterBytes;
    Double ratePerSecond;
    Integer burst;
    Boolean unknownFields;
    List<String> dropFields;
    Boolean nullArrays;
    List<String> retypeFields;
    Boolean legacyAudit;

    Draft(FaultSpec f) {
      tenant = f.tenant;
      endpoint = f.endpoint;
      kind = f.kind;
      status = f.status;
      count = f.count;
      skip = f.skip;
      page = f.page;
      retryAfter = f.retryAfter;
      retryAfterSeconds = f.retryAfterSeconds;
      body = f.body;
      delayMillis = f.delayMillis;
      chunkBytes = f.chunkBytes;
      afterBytes = f.afterBytes;
      ratePerSecond = f.ratePerSecond;
      burst = f.burst;
      unknownFields = f.unknownFields;
      dropFields = f.dropFields;
      nullArrays = f.nullArrays;
      retypeFields = f.retypeFields;
      legacyAudit = f.legacyAudit;
    }
  }

  int statusOr(int fallback) {
    return status == null ? fallback : status;
  }

  int countOrDefault() {
    return count == null ? 1 : count;
  }

  int skipOrDefault() {
    return skip == null ? 0 : skip;
  }

  String retryAfterMode() {
    return retryAfter == null ? "seconds" : retryAfter.toLowerCase(java.util.Locale.ROOT);
  }

  int retryAfterSecondsOrDefault() {
    return retryAfterSeconds == null ? 1 : retryAfterSeconds;
  }

  String bodyOrDefault() {
    return body == null ? "json-string" : body.toLowerCase(java.util.Locale.ROOT);
  }

  long delayOr(long fallback) {
    return delayMillis == null ? fallback : delayMillis;
  }

  int chunkBytesOrDefault() {
    return chunkBytes == null ? 64 : chunkBytes;
  }

  int afterBytesOrDefault() {
    return afterBytes == null ? 512 : afterBytes;
  }

  double rateOrDefault() {
    return ratePerSecond == null ? 10 : ratePerSecond;
  }

  int burstOrDefault() {
    return burst == null ? 20 : burst;
  }
}
