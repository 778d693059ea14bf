package io.flowloader.support.golden;

import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.WriteDisposition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One dlt golden vector from the test resources ({@code src/test/resources/dlt-golden/<case>/}):
 * the resource settings, the records of every run, and what dlt created after every run.
 *
 * <p>Records are parsed like the service parses API responses: integers of any size stay integers,
 * numbers with a fraction or exponent are doubles.
 *
 * @param runs the records of run 1, 2, … (one run = one load)
 */
public record GoldenCase(
    String name,
    String resource,
    WriteDisposition disposition,
    List<String> primaryKey,
    String datasetName,
    Set<String> deterministicRootTables,
    List<List<JsonNode>> runs,
    JsonNode expected) {

  private static final String ROOT = "dlt-golden";
  private static final JsonMapper MAPPER = JsonMapper.shared();

  /** The names of all cases ({@code v01_flows}, …), sorted. */
  public static List<String> names() {
    URL url = GoldenCase.class.getClassLoader().getResource(ROOT);
    if (url == null) {
      throw new IllegalStateException("test resources have no " + ROOT + " folder");
    }
    try (Stream<Path> dirs = Files.list(Path.of(url.toURI()))) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads one case by name. */
  public static GoldenCase load(String name) {
    JsonNode input = read(name + "/input.json");
    JsonNode expected = read(name + "/expected.json");
    JsonNode meta = input.get("meta");
    JsonNode wd = meta.path("write_disposition");
    WriteDisposition disposition;
    if (wd.isObject()) {
      disposition =
          "upsert".equals(wd.path("strategy").asString(""))
              ? WriteDisposition.UPSERT
              : WriteDisposition.valueOf(wd.path("disposition").asString().toUpperCase());
    } else {
      disposition = WriteDisposition.valueOf(wd.asString("append").toUpperCase());
    }
    List<String> primaryKey = new ArrayList<>();
    JsonNode pk = meta.path("primary_key");
    if (pk.isArray()) {
      pk.forEach(k -> primaryKey.add(k.asString()));
    } else if (pk.isString()) {
      primaryKey.add(pk.asString());
    }
    Set<String> deterministic = new HashSet<>();
    meta.path("deterministic_root_tables").forEach(t -> deterministic.add(t.asString()));
    List<List<JsonNode>> runs = new ArrayList<>();
    for (JsonNode run : input.get("runs")) {
      List<JsonNode> records = new ArrayList<>();
      run.forEach(records::add);
      runs.add(records);
    }
    return new GoldenCase(
        name,
        meta.get("resource").asString(),
        disposition,
        List.copyOf(primaryKey),
        meta.get("dataset_name").asString(),
        Set.copyOf(deterministic),
        List.copyOf(runs),
        expected);
  }

  private static JsonNode read(String path) {
    try (InputStream in =
        GoldenCase.class.getClassLoader().getResourceAsStream(ROOT + "/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden resource " + path);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resource settings the case was run with in dlt. */
  public ResourceSettings settings() {
    return new ResourceSettings(
        null, disposition, primaryKey, ResourceSettings.DEFAULT_MAX_TABLE_NESTING, null);
  }

  /** What dlt did in run {@code run} (1-based). */
  public ExpectedRun expectedRun(int run) {
    return ExpectedRun.from(expected.get("runs").get(run - 1));
  }

  public int runCount() {
    return runs.size();
  }

  /** The records of run {@code run} (1-based). */
  public List<JsonNode> records(int run) {
    return runs.get(run - 1);
  }

  @Override
  public String toString() {
    return name;
  }
}
