package io.boomiflow.simulator;

import java.util.List;

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
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        value,
        count,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withCount(int value) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        value,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withSkip(int value) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        value,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withPage(int value) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        value,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withRetryAfter(String mode, int seconds) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        page,
        mode,
        seconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withBody(String value) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        value,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withTiming(long delay, int chunk) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delay,
        chunk,
        afterBytes,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withAfterBytes(int value) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        value,
        ratePerSecond,
        burst,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withBucket(double rate, int size) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        rate,
        size,
        unknownFields,
        dropFields,
        nullArrays,
        retypeFields,
        legacyAudit);
  }

  public FaultSpec withDrift(
      boolean unknown, List<String> drop, boolean arraysNull, List<String> retype, boolean legacy) {
    return new FaultSpec(
        tenant,
        endpoint,
        kind,
        status,
        count,
        skip,
        page,
        retryAfter,
        retryAfterSeconds,
        body,
        delayMillis,
        chunkBytes,
        afterBytes,
        ratePerSecond,
        burst,
        unknown,
        drop,
        arraysNull,
        retype,
        legacy);
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
