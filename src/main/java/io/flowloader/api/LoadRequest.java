package io.flowloader.api;

import java.util.List;

/**
 * Body of {@code POST /loads}.
 *
 * @param tenant the tenant's name (required)
 * @param resources resources to load; omitted or empty means the tenant's configured ones
 * @param fullRefresh ignore stored incremental cursors for this load
 */
public record LoadRequest(String tenant, List<String> resources, Boolean fullRefresh) {}
