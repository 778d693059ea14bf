package io.flowloader.tenant;

import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Validates the configured tenants against the source definition at start-up. */
@Configuration(proxyBeanMethods = false)
class TenantConfiguration {

  @Bean
  TenantRegistry tenantRegistry(TenantProperties properties, SourceDefinition source) {
    return new TenantRegistry(
        properties, source.resources().stream().map(ResourceDefinition::name).toList());
  }
}
