package io.flowloader.command;

import io.flowloader.extract.ExtractException;
import io.flowloader.extract.ExtractOptions;
import io.flowloader.extract.ExtractRequest;
import io.flowloader.extract.Extractor;
import io.flowloader.extract.RateLimiters;
import io.flowloader.extract.RecordSink;
import io.flowloader.extract.ResourceCursor;
import io.flowloader.source.ClientConfig;
import io.flowloader.source.SourceDefinition;
import io.flowloader.tenant.Tenant;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code check}: for each tenant, does the API key authenticate, is the tenant header accepted, and
 * does each selected resource answer? Each probe fetches until the resource's first record (or its
 * end), commits nothing and keeps no state.
 *
 * <p>"Authenticates" asks the first selected resource with the client's headers that carry {@code
 * {tenant.tenant_id}} left out (for Boomi Flow: without {@code manywhotenant}), so a key of another
 * tenant shows as "tenant header rejected" rather than as a bad key.
 */
final class CheckCommand {

  private final SourceDefinition source;
  private final RateLimiters rateLimiters;
  private final ExtractOptions options;

  CheckCommand(SourceDefinition source, RateLimiters rateLimiters, ExtractOptions options) {
    this.source = source;
    this.rateLimiters = rateLimiters;
    this.options = options;
  }

  int run(List<Tenant> tenants, PrintStream out) {
    boolean allOk = !tenants.isEmpty();
    TextTable table = new TextTable("tenant", "check", "result", "detail");
    Extractor full = new Extractor(source, rateLimiters);
    Extractor keyOnly = new Extractor(withoutTenantHeaders(source), rateLimiters);
    boolean hasTenantHeader = !tenantHeaders(source).isEmpty();
    for (Tenant tenant : tenants) {
      List<String> resources =
          tenant.resources().isEmpty() ? source.selectedByDefault() : tenant.resources();
      if (resources.isEmpty()) {
        table.row(tenant.name(), "resources", "FAIL", "no resource selected");
        allOk = false;
        continue;
      }
      String first = resources.get(0);
      Probe auth = probe(keyOnly, tenant, first);
      table.row(tenant.name(), "API key authenticates", auth.result(), auth.detail(first));
      boolean ok = auth.ok();
      if (ok && hasTenantHeader) {
        Probe header = probe(full, tenant, first);
        table.row(
            tenant.name(),
            "tenant header accepted (" + String.join(", ", tenantHeaders(source)) + ")",
            header.result(),
            header.ok() ? "tenant " + tenant.tenantId() : header.detail(first));
        ok = header.ok();
      }
      for (String resource : resources) {
        if (!ok) {
          table.row(tenant.name(), "resource " + resource, "SKIP", "");
          continue;
        }
        Probe p = probe(full, tenant, resource);
        table.row(tenant.name(), "resource " + resource, p.result(), p.detail(resource));
        ok &= p.ok();
      }
      allOk &= ok;
    }
    table.print(out);
    out.println(allOk ? "check: all passed" : "check: FAILED");
    return allOk ? 0 : 1;
  }

  /** One probe's outcome: reachable with or without a first record, or the failure. */
  private record Probe(boolean ok, boolean sawRecord, Integer status, String message) {
    String result() {
      return ok ? "OK" : "FAIL";
    }

    String detail(String resource) {
      if (ok) {
        return sawRecord ? "answers, first record received" : "answers, no records";
      }
      String hint =
          status == null
              ? ""
              : switch (status) {
                case 401 -> " (the API key is wrong or revoked)";
                case 403 ->
                    " (the key belongs to another tenant, or its user lacks the rights for "
                        + resource
                        + ")";
                case 404 -> " (wrong base-url for the region, or the endpoint does not exist)";
                default -> "";
              };
      return message + hint;
    }
  }

  /** Thrown by the probe's sink at the first record: the resource answers, that is enough. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super(null, null, false, false);
    }
  }

  private Probe probe(Extractor extractor, Tenant tenant, String resource) {
    ExtractRequest request =
        new ExtractRequest(
            tenant.name(),
            tenant.tenantId(),
            tenant.apiKey(),
            tenant.baseUrl(),
            Set.of(resource),
            Map.of(),
            options);
    try {
      extractor.extract(
          request,
          new RecordSink() {
            @Override
            public void record(String name, JsonNode record) {
              if (name.equals(resource)) {
                throw new Enough();
              }
            }

            @Override
            public void resourceCompleted(String name, long records, ResourceCursor cursor) {}
          });
      return new Probe(true, false, null, null);
    } catch (Enough e) {
      return new Probe(true, true, null, null);
    } catch (ExtractException e) {
      return new Probe(false, false, e.status(), firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof Enough)) {
        cause = cause.getCause();
      }
      if (cause instanceof Enough) {
        return new Probe(true, true, null, null);
      }
      if (cause instanceof ExtractException x) {
        return new Probe(false, false, x.status(), firstLine(x.getMessage()));
      }
      return new Probe(false, false, null, firstLine(String.valueOf(cause.getMessage())));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** The client headers whose value names the tenant id. */
  static List<String> tenantHeaders(SourceDefinition source) {
    return source.client().headers().entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue().contains("{tenant.tenant_id}"))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static SourceDefinition withoutTenantHeaders(SourceDefinition source) {
    ClientConfig c = source.client();
    Map<String, String> headers = new LinkedHashMap<>(c.headers());
    tenantHeaders(source).forEach(headers::remove);
    return new SourceDefinition(
        new ClientConfig(c.baseUrl(), c.auth(), headers, c.paginator()), source.resources());
  }
}
