package io.flowloader.diagnostics;

import io.flowloader.tenant.InvalidTenantConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Every problem of the tenant configuration, one per line, and where tenants are configured. */
class TenantConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidTenantConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidTenantConfigurationException cause) {
    return new FailureAnalysis(
        Problems.describe("The tenant configuration (flowloader.tenants)", cause.problems()),
        "Correct the tenants under flowloader.tenants: in the file given with"
            + " --spring.config.additional-location, in FLOWLOADER_TENANTS_<n>_* environment"
            + " variables, or in the Helm values. API keys come from api-key (for example"
            + " ${ACME_BOOMI_API_KEY}) or api-key-file. See README.md, \"Your own tenant\".",
        cause);
  }
}
