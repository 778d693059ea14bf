package io.flowloader.ui;

import io.flowloader.pipeline.LoadOptions;
import io.flowloader.pipeline.LoadPipeline;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadSummaries;
import io.flowloader.pkg.LoadSummary;
import io.flowloader.pkg.LoadWarnings;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.schedule.LoadLauncher;
import io.flowloader.schedule.TenantBusyException;
import io.flowloader.schedule.TenantScheduler;
import io.flowloader.state.StateStore;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The load inspector's pages: tenants, loads, one load, a dataset's schema and its data. Reading
 * needs the {@code read} authority, starting a load {@code trigger} (see {@link
 * UiSecurityConfiguration}); every page is rendered on the server and works without JavaScript.
 */
@Controller
@RequestMapping("/ui")
class InspectorController {

  static final int CHART_LOADS = 30;
  private static final List<String> STATUSES =
      Arrays.stream(PackageStatus.values()).map(Views::lower).toList();

  private final TenantRegistry tenants;
  private final TenantScheduler scheduler;
  private final LoadSummaries summaries;
  private final StateStore state;
  private final LoadLauncher launcher;
  private final DatasetBrowser datasets;
  private final UiProperties properties;
  private final LoadPipeline pipeline;
  private final LoadWarnings warnings;

  InspectorController(
      TenantRegistry tenants,
      TenantScheduler scheduler,
      LoadSummaries summaries,
      StateStore state,
      LoadLauncher launcher,
      DatasetBrowser datasets,
      UiProperties properties,
      LoadPipeline pipeline,
      LoadWarnings warnings) {
    this.pipeline = pipeline;
    this.warnings = warnings;
    this.tenants = tenants;
    this.scheduler = scheduler;
    this.summaries = summaries;
    this.state = state;
    this.launcher = launcher;
    this.datasets = datasets;
    this.properties = properties;
  }

  @ModelAttribute("ui")
  UiProperties ui() {
    return properties;
  }

  /** The signed-in token's name ("token-1", "read-token-2"), never the token. */
  @ModelAttribute("who")
  String who(Authentication authentication) {
    return signedIn(authentication) ? authentication.getName() : null;
  }

  @ModelAttribute("canTrigger")
  boolean canTrigger(Authentication authentication) {
    return signedIn(authentication)
        && authentication.getAuthorities().stream()
            .anyMatch(a -> TokenSignIn.TRIGGER.equals(a.getAuthority()));
  }

  private static boolean signedIn(Authentication authentication) {
    return authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }

  @GetMapping({"", "/"})
  String tenants(Model model) {
    Instant now = Instant.now();
    List<Views.TenantView> views = new ArrayList<>();
    boolean running = false;
    for (Tenant t : tenants.all()) {
      List<LoadSummary> recent = summaries.recent(t.name(), null, CHART_LOADS);
      LoadSummary last = recent.isEmpty() ? null : recent.get(0);
      running |= last != null && !last.status().isFinal();
      Instant lastSuccess = summaries.lastSuccess(t.name()).orElse(null);
      List<Views.LoadView> oldestFirst =
          new ArrayList<>(recent.stream().map(s -> Views.load(s, now)).toList());
      Collections.reverse(oldestFirst);
      views.add(
          new Views.TenantView(
              t.name(),
              t.tenantId(),
              t.dataset(),
              t.enabled(),
              t.scheduleDescription(),
              Views.time(scheduler.nextFireTime(t.name()).orElse(null)),
              last == null ? null : Views.load(last, now),
              Views.time(lastSuccess),
              Views.freshness(t.enabled(), TenantScheduler.interval(t), last, lastSuccess, now),
              t.resources(),
              Views.cursors(state.load(t.name())),
              Chart.of(
                  "rows per load",
                  oldestFirst,
                  l -> l.rows(),
                  Views.LoadView::status,
                  l -> l.loadId() + " (" + l.status() + ")",
                  l -> "/ui/loads/" + l.loadId(),
                  v -> String.format(Locale.ROOT, "%,.0f rows", v)),
              Chart.of(
                  "load duration",
                  oldestFirst,
                  Views.LoadView::durationSeconds,
                  Views.LoadView::status,
                  l -> l.loadId() + " (" + l.status() + ")",
                  l -> "/ui/loads/" + l.loadId(),
                  v -> String.format(Locale.ROOT, "%.1f s", v))));
    }
    model.addAttribute("tenants", views);
    model.addAttribute("refresh", running);
    return "ui/tenants";
  }

  @GetMapping("/loads")
  String loads(
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit,
      Model model) {
    String wantedTenant = tenant == null || tenant.isBlank() ? null : tenant;
    PackageStatus wanted = null;
    if (status != null && !status.isBlank()) {
      if (!STATUSES.contains(status)) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown status");
      }
      wanted = PackageStatus.valueOf(status.toUpperCase(Locale.ROOT));
    }
    Instant now = Instant.now();
    List<Views.LoadView> loads =
        summaries.recent(wantedTenant, wanted, Math.max(1, Math.min(limit, 500))).stream()
            .map(s -> Views.load(s, now))
            .toList();
    model.addAttribute("loads", loads);
    model.addAttribute("tenantNames", tenants.all().stream().map(Tenant::name).toList());
    model.addAttribute("statuses", STATUSES);
    model.addAttribute("tenant", wantedTenant);
    model.addAttribute("status", wanted == null ? null : status);
    model.addAttribute("refresh", loads.stream().anyMatch(Views.LoadView::running));
    return "ui/loads";
  }

  @GetMapping("/loads/{loadId}")
  String load(@PathVariable String loadId, Model model) {
    LoadSummary summary =
        summaries
            .find(loadId)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such load"));
    Views.LoadView view = Views.load(summary, Instant.now());
    model.addAttribute("load", view);
    model.addAttribute("refresh", view.running());
    model.addAttribute(
        "recordsSoFar", view.running() ? pipeline.recordsSoFar(loadId) : java.util.Map.of());
    model.addAttribute(
        "tables",
        view.jobs().stream()
            .filter(j -> datasets.hasTable(view.dataset(), j.tableName()))
            .map(j -> j.tableName())
            .toList());
    model.addAttribute("tenantKnown", tenants.find(view.tenant()).isPresent());
    model.addAttribute("warnings", warnings.of(loadId));
    return "ui/load";
  }

  @PostMapping("/loads")
  String start(
      @RequestParam String tenant,
      @RequestParam(required = false) List<String> resources,
      @RequestParam(required = false) String moreResources,
      @RequestParam(defaultValue = "false") boolean fullRefresh,
      RedirectAttributes redirect) {
    Tenant t =
        tenants
            .find(tenant)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such tenant"));
    List<String> wanted = new ArrayList<>(resources == null ? List.of() : resources);
    if (moreResources != null) {
      Stream.of(moreResources.split("[,\\s]+"))
          .map(String::strip)
          .filter(r -> !r.isEmpty() && !wanted.contains(r))
          .forEach(wanted::add);
    }
    try {
      LoadPackage pkg = launcher.launchManual(t, new LoadOptions(wanted, fullRefresh));
      return "redirect:/ui/loads/" + pkg.loadId();
    } catch (TenantBusyException e) {
      redirect.addFlashAttribute("message", "Tenant " + tenant + " is already loading.");
      if (e.runningLoadId() != null) {
        redirect.addFlashAttribute("messageLink", "/ui/loads/" + e.runningLoadId());
      }
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("message", "Not started: " + e.getMessage());
    } catch (LoadLauncher.TooManyLoadsException | LoadLauncher.ShuttingDownException e) {
      redirect.addFlashAttribute("message", "Not started: " + e.getMessage());
    }
    return "redirect:/ui";
  }

  @GetMapping("/tenants/{tenant}/schema")
  String schema(
      @PathVariable String tenant,
      @RequestParam(required = false) Long version,
      @RequestParam(required = false) Long compare,
      Model model) {
    Tenant t = tenant(tenant);
    model.addAttribute("tenant", t.name());
    model.addAttribute("dataset", t.dataset());
    model.addAttribute("tree", datasets.tree(t.dataset()));
    List<DatasetBrowser.SchemaVersion> versions = datasets.versions(t.dataset());
    model.addAttribute("versions", versions);
    if (!versions.isEmpty()) {
      long newer = version != null ? version : versions.get(0).version();
      Long older = compare;
      if (older == null && versions.size() > 1) {
        older =
            versions.stream()
                .map(DatasetBrowser.SchemaVersion::version)
                .filter(v -> v < newer)
                .findFirst()
                .orElse(null);
      }
      model.addAttribute("newer", newer);
      model.addAttribute("older", older);
      if (older != null) {
        var a = datasets.schema(t.dataset(), older);
        var b = datasets.schema(t.dataset(), newer);
        if (a.isPresent() && b.isPresent()) {
          model.addAttribute("diff", SchemaDiff.between(a.get(), b.get()));
        }
      }
    }
    return "ui/schema";
  }

  @GetMapping("/tenants/{tenant}/data")
  String data(
      @PathVariable String tenant,
      @RequestParam String table,
      @RequestParam(required = false) String load,
      @RequestParam(defaultValue = "0") int offset,
      Model model) {
    Tenant t = tenant(tenant);
    if (!datasets.hasTable(t.dataset(), table)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such table");
    }
    String loadId = load == null || load.isBlank() ? null : load;
    DatasetBrowser.RowPage page = datasets.rows(t.dataset(), table, loadId, Math.max(0, offset));
    model.addAttribute("tenant", t.name());
    model.addAttribute("dataset", t.dataset());
    model.addAttribute("table", table);
    model.addAttribute("load", loadId);
    model.addAttribute("page", page);
    model.addAttribute("prevOffset", Math.max(0, page.offset() - properties.rowsPerPage()));
    model.addAttribute("nextOffset", page.offset() + properties.rowsPerPage());
    return "ui/data";
  }

  @GetMapping("/signin")
  String signIn() {
    return "ui/signin";
  }

  /** Where Spring Security sends a request it refused (a read token starting a load, no CSRF). */
  @RequestMapping("/denied")
  String denied(Model model, HttpServletResponse response) {
    response.setStatus(HttpStatus.FORBIDDEN.value());
    model.addAttribute("status", 403);
    model.addAttribute("reason", "Forbidden");
    model.addAttribute(
        "detail",
        "Not allowed: starting a load needs a full token, and every form must come from these"
            + " pages (its CSRF token was missing or stale).");
    return "ui/error";
  }

  /**
   * The OpenAPI document of the load API for a signed-in user: handed on to springdoc's endpoint
   * with this session's authentication in the request, where the API's stateless chain reads it.
   */
  @GetMapping("/openapi.json")
  String openApi(HttpServletRequest request, HttpServletResponse response) {
    new RequestAttributeSecurityContextRepository()
        .saveContext(SecurityContextHolder.getContext(), request, response);
    return "forward:/v3/api-docs";
  }

  private Tenant tenant(String name) {
    return tenants
        .find(name)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such tenant"));
  }
}
