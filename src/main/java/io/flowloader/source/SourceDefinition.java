package io.flowloader.source;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A validated source definition (dlt's {@code RESTAPIConfig}): the client and the resources, in
 * dependency order (parents before their children). Obtain one from {@link SourceDefinitionLoader}.
 */
public record SourceDefinition(ClientConfig client, List<ResourceDefinition> resources) {
  public SourceDefinition {
    resources = List.copyOf(resources);
  }

  /** The resource with this name. */
  public ResourceDefinition resource(String name) {
    return resources.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no resource named '" + name + "'"));
  }

  /** Names of the resources with {@code selected: true}. */
  public List<String> selectedByDefault() {
    return resources.stream().filter(ResourceDefinition::selected).map(r -> r.name()).toList();
  }
}
