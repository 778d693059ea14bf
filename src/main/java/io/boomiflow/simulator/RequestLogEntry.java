package io.boomiflow.simulator;

import java.time.Instant;

/**
 * One request as the simulator saw it. Never holds the API key, only the tenant it resolved to.
 *
 * @param seq sequence number, increasing from 1 since the last reset
 * @param at when the request arrived
 * @param method HTTP method
 * @param path path and query string
 * @param endpoint endpoint key ({@link Endpoint#key()}), or null for unknown paths
 * @param tenant tenant name the key resolved to, or null
 * @param status HTTP status sent
 * @param fault the injected faults (comma-separated {@link FaultKind} names), or null
 * @param millis time until the handler returned
 */
public record RequestLogEntry(
    long seq,
    Instant at,
    String method,
    String path,
    String endpoint,
    String tenant,
    int status,
    String fault,
    long millis) {}
