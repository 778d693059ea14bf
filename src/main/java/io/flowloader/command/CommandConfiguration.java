package io.flowloader.command;

import io.flowloader.extract.Extractor;
import io.flowloader.extract.RateLimiters;
import io.flowloader.load.Loader;
import io.flowloader.pipeline.PipelineProperties;
import io.flowloader.source.SourceDefinition;
import io.flowloader.state.StateStore;
import io.flowloader.tenant.TenantRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command runner, present only when the jar was started with a command. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("flowloader.command")
class CommandConfiguration {

  @Bean
  CommandRunner commandRunner(
      @Value("${flowloader.command}") String command,
      TenantRegistry tenants,
      SourceDefinition source,
      RateLimiters rateLimiters,
      Extractor extractor,
      Loader loader,
      StateStore state,
      PipelineProperties properties) {
    return new CommandRunner(
        command, tenants, source, rateLimiters, extractor, loader, state, properties);
  }
}
