package io.flowloader.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.load.Loader;
import io.flowloader.load.StagingWriter;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.Trigger;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load inspector in a real headless Chromium against the demo-like setup: the Boomi Flow
 * simulator with its two tenants, the service on a random port, the test PostgreSQL, plus a third
 * tenant whose dataset holds the golden vector with hostile names and values with markup in them.
 * Each page is saved under {@code target/screenshots/} for people to review.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=" + InspectorBrowserIntegrationTests.FULL_TOKEN,
      "flowloader.api.read-tokens=" + InspectorBrowserIntegrationTests.READ_TOKEN,
      "flowloader.http.requests-per-second=200"
    })
class InspectorBrowserIntegrationTests {

  static final String FULL_TOKEN = "ui-full-token-0123456789";
  static final String READ_TOKEN = "ui-read-token-0123456789";
  static final String HOSTILE_DATASET = "ui_hostile";
  static final String HOSTILE_TABLE = "<img src=x onerror=\"window.__pwned='table'\">";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "acme", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "ui_acme");
    SimulatorSupport.tenant(
        registry,
        1,
        "globex",
        SimulatorSupport.GLOBEX_ID,
        SimulatorSupport.GLOBEX_KEY,
        "ui_globex");
    SimulatorSupport.tenant(
        registry,
        2,
        "hostile",
        "3b241101-e2bb-4255-8caf-4136c566a962",
        "not-used-no-load-runs",
        HOSTILE_DATASET);
    // A schedule to show, far enough away never to fire during the test.
    registry.add("flowloader.tenants[0].schedule.cron", () -> "0 0 3 1 1 *");
  }

  @LocalServerPort int port;
  @Autowired Loader loader;
  @Autowired JdbcTemplate jdbc;

  private static volatile boolean hostileLoaded;

  @BeforeEach
  void loadHostileDataset() throws IOException {
    if (hostileLoaded) {
      return;
    }
    synchronized (InspectorBrowserIntegrationTests.class) {
      if (hostileLoaded) {
        return;
      }
      JsonNode input;
      try (InputStream in =
          getClass().getResourceAsStream("/dlt-golden/v05_hostile_names/input.json")) {
        input = JSON.readTree(in);
      }
      String resource = input.path("meta").path("resource").asString();
      ArrayNode records = (ArrayNode) input.path("runs").get(0).deepCopy();
      ObjectNode markup = records.addObject();
      markup.put("id", 99);
      markup.put("display name", "<script>window.__pwned='script'</script>");
      markup.put(
          "<img src=x onerror=window.__pwned='column'>",
          "<img src=x onerror=\"window.__pwned='value'\">");
      markup.put("long value", "<b>" + "x".repeat(400) + "</b>");
      load(resource, records);
      jdbc.execute(
          "CREATE TABLE "
              + HOSTILE_DATASET
              + "."
              + DatasetBrowser.quote(HOSTILE_TABLE)
              + " ("
              + DatasetBrowser.quote("<svg onload=\"window.__pwned='svg'\">")
              + " text)");
      jdbc.update(
          "INSERT INTO "
              + HOSTILE_DATASET
              + "."
              + DatasetBrowser.quote(HOSTILE_TABLE)
              + " VALUES (?)",
          "\"><script>window.__pwned='cell'</script>");
      hostileLoaded = true;
    }
  }

  private void load(String resource, ArrayNode records) {
    Schema current =
        loader.currentSchema(HOSTILE_DATASET, "boomi_flow").orElse(Schema.empty("boomi_flow"));
    try (StagingWriter writer =
        loader.open("hostile", HOSTILE_DATASET, Trigger.MANUAL, List.of(resource))) {
      Normalizer normalizer =
          new Normalizer(
              current,
              writer.loadId(),
              Map.of(resource, ResourceSettings.of(WriteDisposition.APPEND)));
      for (JsonNode record : records) {
        normalizer.normalize(
            resource, record, row -> writer.write(normalizer.schema().table(row.table()), row));
      }
      loader.commit(writer.finish(normalizer.schema(), Map.of(), null));
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void smoke() {
    try (Browser browser = Browser.start()) {
      ChromeDriver driver = browser.driver();
      driver.get(url("/ui"));
      browser.screenshot("tenants");
      driver.findElement(By.id("load-globex")).click();
      new WebDriverWait(driver, Duration.ofSeconds(60))
          .until(d -> d.findElement(By.cssSelector("h1 .badge")).getText().equals("loaded"));
      browser.screenshot("load");
      driver.get(url("/ui/loads"));
      browser.screenshot("loads");
      driver.get(url("/ui/tenants/globex/schema"));
      browser.screenshot("schema");
      driver.get(url("/ui/tenants/hostile/schema"));
      browser.screenshot("schema-hostile");
      driver.get(url("/ui/tenants/hostile/data?table=hostile_names_v1"));
      browser.screenshot("data-hostile");
      Object pwned =
          driver.executeScript(
              "return window.__pwned === undefined ? null : String(window.__pwned)");
      assertThat(pwned).isNull();
    }
  }
}
