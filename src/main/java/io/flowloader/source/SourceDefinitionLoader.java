package io.flowloader.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses source definitions: YAML with dlt's {@code rest_api} keys (docs/source-definition.md). The
 * steps: the documents are layered ({@link SourceLayers}), checked against the published JSON
 * Schema ({@link SourceSchema}), bound by Jackson to {@link SourceYaml} records, and turned into a
 * {@link SourceDefinition} by the cross-field rules ({@link SourceRules}). Every problem of every
 * step is collected; a definition with any fails once, listing them all with their YAML paths.
 */
public final class SourceDefinitionLoader {

  /** The built-in Boomi Flow source on the classpath. */
  public static final String BOOMI_FLOW = "sources/boomi-flow.yaml";

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final JsonMapper BINDER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private SourceDefinitionLoader() {}

  /** Loads the built-in Boomi Flow source. */
  public static SourceDefinition loadBuiltIn() {
    return load(new ClassPathResource(BOOMI_FLOW));
  }

  /** Loads one or more layered YAML documents (later ones override earlier ones). */
  public static SourceDefinition load(Resource... yamls) {
    List<JsonNode> docs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Resource yaml : yamls) {
      try (InputStream in = yaml.getInputStream()) {
        docs.add(YAML.readTree(in));
        names.add(yaml.getDescription());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read source definition " + yaml, e);
      }
    }
    return parse(docs, String.join(" + ", names));
  }

  /** Loads a definition from YAML text. */
  public static SourceDefinition load(String yaml, String origin) {
    return parse(List.of(YAML.readTree(yaml)), origin);
  }

  private static SourceDefinition parse(List<JsonNode> docs, String origin) {
    List<ObjectNode> mappings = new ArrayList<>();
    for (JsonNode doc : docs) {
      if (!(doc instanceof ObjectNode mapping)) {
        throw new SourceDefinitionException(
            origin, List.of("the document must be a mapping with client and resources"));
      }
      mappings.add(mapping);
    }
    ObjectNode tree = SourceLayers.layered(mappings);
    SourceChecks checks = new SourceChecks();
    SourceSchema.validate(tree).forEach(checks::add);
    SourceLayers.longForms(tree);
    SourceDefinition definition = null;
    try {
      definition =
          new SourceRules(checks).definition(BINDER.treeToValue(tree, SourceYaml.Document.class));
    } catch (JacksonException e) {
      checks.add(e.getOriginalMessage()); // a shape the schema let through; should not happen
    }
    if (!checks.problems.isEmpty()) {
      throw new SourceDefinitionException(origin, checks.problems);
    }
    return definition;
  }
}
