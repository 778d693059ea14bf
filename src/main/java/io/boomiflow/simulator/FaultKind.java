package io.boomiflow.simulator;

/** The faults the simulator can inject, documented in docs/simulator.md, "Faults". */
public enum FaultKind {
  /** 429; {@code retryAfter} = {@code seconds}, {@code http-date} or {@code none}. */
  HTTP_429,
  /** 503 (the Boomi Platform throttling convention), with or without {@code Retry-After}. */
  HTTP_503,
  /** A 5xx (default 500) with a JSON-string, ApiProblem, empty or HTML body; N consecutive. */
  HTTP_5XX,
  /** 502/504 (default 502) with the load balancer's HTML body and {@code text/html}. */
  GATEWAY_HTML,
  /** The body stops after {@code afterBytes} but the response ends cleanly: truncated JSON. */
  TRUNCATED_BODY,
  /** The connection is dropped after {@code afterBytes} of the body (no final chunk). */
  CONNECTION_RESET,
  /** Waits {@code delayMillis} before the status line and first byte. */
  SLOW_FIRST_BYTE,
  /** Trickles the body in {@code chunkBytes} pieces, {@code delayMillis} apart. */
  SLOW_DRIP,
  /** A token bucket ({@code ratePerSecond}, {@code burst}) per key; on exceed 429 or 503. */
  TOKEN_BUCKET,
  /** Unknown fields, dropped fields, arrays turned null, fields changing type, 2021 audit names. */
  SCHEMA_DRIFT
}
