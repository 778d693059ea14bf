package io.flowloader.tenant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Start-up validation of the tenants as a user configures them: every problem at once. */
class TenantValidationTests {

  private static final String UUID_A = "0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
  private static final String UUID_B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  @Test
  void aDuplicateDatasetIsReportedAlongsideTheOtherTenantProblems() {
    Map<String, String> config = new java.util.LinkedHashMap<>();
    config.put("flowloader.tenants[0].name", "acme");
    config.put("flowloader.tenants[0].tenant-id", UUID_A);
    config.put("flowloader.tenants[0].api-key", "k1");
    config.put("flowloader.tenants[0].dataset", "shared");
    config.put("flowloader.tenants[1].name", "globex");
    config.put("flowloader.tenants[1].tenant-id", "not-a-uuid");
    config.put("flowloader.tenants[1].api-key", "k2");
    config.put("flowloader.tenants[1].dataset", "shared");
    config.put("flowloader.tenants[2].name", "acme");
    config.put("flowloader.tenants[2].tenant-id", UUID_B);
    config.put("flowloader.tenants[2].api-key", "k3");
    config.put("flowloader.tenants[2].resources", "nope");
    config.put("flowloader.tenants[2].dataset", "other");
    TenantProperties properties =
        new Binder(new MapConfigurationPropertySource(config))
            .bind("flowloader", TenantProperties.class)
            .get();
    assertThatThrownBy(() -> new TenantRegistry(properties, List.of("flows", "users")))
        .isInstanceOf(InvalidTenantConfigurationException.class)
        .hasMessageContaining("tenants[1] (globex): tenant-id must be the Boomi tenant UUID")
        .hasMessageContaining("tenants[1] (globex): dataset 'shared' is already used")
        .hasMessageContaining("tenants[2] (acme): unknown resource 'nope'")
        .hasMessageContaining("tenants[2] (acme): duplicate tenant name 'acme'");
  }
}
