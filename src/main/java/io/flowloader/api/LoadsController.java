package io.flowloader.api;

import io.flowloader.pipeline.LoadOptions;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadSummaries;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.schedule.LoadLauncher;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /loads} starts a load now; {@code GET /loads} and {@code /loads/{id}} report. */
@RestController
@RequestMapping("/loads")
class LoadsController {

  private final TenantRegistry tenants;
  private final LoadLauncher launcher;
  private final LoadSummaries summaries;

  LoadsController(TenantRegistry tenants, LoadLauncher launcher, LoadSummaries summaries) {
    this.tenants = tenants;
    this.launcher = launcher;
    this.summaries = summaries;
  }

  @PostMapping
  ResponseEntity<LoadInfo> start(@RequestBody LoadRequest request) {
    if (request.tenant() == null || request.tenant().isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'tenant' is required");
    }
    Tenant tenant =
        tenants
            .find(request.tenant())
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "unknown tenant '" + Echo.clip(request.tenant()) + "'"));
    LoadOptions options =
        new LoadOptions(request.resources(), Boolean.TRUE.equals(request.fullRefresh()));
    LoadPackage pkg = launcher.launchManual(tenant, options);
    return ResponseEntity.accepted()
        .location(URI.create("/loads/" + pkg.loadId()))
        .body(LoadInfo.of(pkg));
  }

  @GetMapping
  List<LoadInfo> list(
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1..1000");
    }
    PackageStatus wanted = null;
    if (status != null) {
      try {
        wanted = PackageStatus.valueOf(status.toUpperCase());
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST,
            "status must be one of extracting, staged, loaded, failed, aborted");
      }
    }
    return summaries.recent(tenant, wanted, limit).stream().map(LoadInfo::of).toList();
  }

  @GetMapping("/{loadId}")
  LoadInfo get(@PathVariable String loadId) {
    return summaries
        .find(loadId)
        .map(LoadInfo::of)
        .orElseThrow(
            () ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no load " + Echo.clip(loadId)));
  }
}
