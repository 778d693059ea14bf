package io.flowloader.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
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
import org.openqa.selenium.WebElement;
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
 * simulator with its two tenants (named acme-ui and globex-ui here: cursors are kept per tenant
 * name in the test JVM's one database, and other tests load acme and globex incrementally), the
 * service on a random port, the test PostgreSQL, plus a third tenant whose dataset holds the golden
 * vector with hostile names and values with markup in them. Each page is saved under {@code
 * target/screenshots/} for people to review.
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
        registry, 0, "acme-ui", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "ui_acme");
    SimulatorSupport.tenant(
        registry,
        1,
        "globex-ui",
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
      loader.commit(
          writer.finish(
              normalizer.schema(), Map.of(), JSON.writeValueAsString(normalizer.changes())));
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private Browser signedIn(String token) {
    Browser browser = Browser.start();
    ChromeDriver driver = browser.driver();
    driver.get(url("/ui"));
    signInForm(driver, token);
    return browser;
  }

  private static void signInForm(ChromeDriver driver, String token) {
    WebElement field = driver.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    field.submit();
  }

  private long packages(String tenant) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM flowloader.load_package WHERE tenant = ?", Long.class, tenant);
  }

  @Test
  void signInStartALoadWatchItFinishBrowseItsSchemaAndRowsThenSignOut() {
    try (Browser browser = Browser.start()) {
      ChromeDriver driver = browser.driver();
      driver.get(url("/ui"));
      assertThat(driver.getCurrentUrl()).isEqualTo(url("/ui/signin"));
      browser.screenshot("01-signin");

      signInForm(driver, "not-a-token");
      assertThat(driver.getCurrentUrl()).isEqualTo(url("/ui/signin?error"));
      assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText())
          .contains("not valid");
      browser.screenshot("02-signin-wrong-token");

      signInForm(driver, FULL_TOKEN);
      // Back to the page first asked for (Spring Security's saved request, "?continue").
      assertThat(driver.getCurrentUrl()).startsWith(url("/ui"));
      assertThat(driver.findElement(By.id("tenant-acme-ui")).getText()).contains("acme");
      assertThat(driver.findElement(By.id("tenant-globex-ui")).getText()).contains("globex");
      assertThat(driver.findElement(By.id("tenant-acme-ui")).getText())
          .as("acme's schedule and next run")
          .contains("cron 0 0 3 1 1 *")
          .contains(" UTC");
      assertThat(driver.findElement(By.cssSelector("header .who")).getText())
          .contains("read + trigger");
      browser.screenshot("03-tenants");

      // Load now: two resources, full refresh; the answer is the load's own page. The first users
      // page is slow, so the load is seen running with its flows records counted.
      SimulatorSupport.shared()
          .control()
          .addFault(
              FaultSpec.of(SimulatorSupport.GLOBEX_ID, "users", FaultKind.SLOW_FIRST_BYTE)
                  .withTiming(8000, 64));
      driver.findElement(By.id("globex-ui-more")).sendKeys("flows, users");
      driver.findElement(By.id("globex-ui-full")).click();
      driver.findElement(By.id("load-globex-ui")).click();
      assertThat(driver.getCurrentUrl()).startsWith(url("/ui/loads/"));
      String loadId = driver.findElement(By.id("load-id")).getText();
      assertThat(loadId).matches("\\d{10}\\.\\d{1,7}");
      String progress =
          new WebDriverWait(driver, Duration.ofSeconds(60))
              .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
              .ignoring(org.openqa.selenium.NoSuchElementException.class)
              .until(
                  d -> {
                    String text = d.findElement(By.id("progress")).getText();
                    return text.contains("flows") ? text : null;
                  });
      assertThat(progress).containsPattern("flows\\s+\\d");
      assertThat(driver.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("extracting");
      browser.screenshot("04-load-running");
      // The page refreshes itself while the load runs (no script): wait for it to say loaded.
      new WebDriverWait(driver, Duration.ofSeconds(180))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .ignoring(org.openqa.selenium.NoSuchElementException.class)
          .until(d -> d.findElement(By.cssSelector("h1 .badge")).getText().equals("loaded"));
      String jobs = driver.findElement(By.id("jobs")).getText();
      assertThat(jobs).contains("flows").contains("users");
      assertThat(driver.findElement(By.id("phases")).getText()).contains("commit");
      assertThat(driver.findElement(By.id("changes")).getDomProperty("textContent"))
          .contains("new table");
      browser.screenshot("05-load");

      driver.get(url("/ui/loads?tenant=globex-ui"));
      assertThat(driver.findElement(By.id("loads")).getText()).contains(loadId);
      driver.findElement(By.id("f-status")).sendKeys("failed");
      driver.findElement(By.cssSelector("form.filters button")).click();
      assertThat(driver.getCurrentUrl()).contains("status=failed");
      assertThat(driver.findElement(By.id("loads")).getText()).doesNotContain(loadId);
      driver.get(url("/ui/loads"));
      browser.screenshot("06-loads");

      // The schema tree: flows with its nested tables, opened from the keyboard.
      driver.get(url("/ui/tenants/globex-ui/schema"));
      WebElement flows = driver.findElement(By.cssSelector("details[data-table=flows]"));
      WebElement summary = flows.findElement(By.tagName("summary"));
      summary.sendKeys(org.openqa.selenium.Keys.ENTER);
      assertThat(flows.getAttribute("open")).isNotNull();
      List<WebElement> children = flows.findElements(By.cssSelector("ul.tree details"));
      assertThat(children).as("nested tables of flows").isNotEmpty();
      assertThat(children.get(0).getAttribute("data-table")).startsWith("flows__");
      assertThat(flows.getText()).contains("_dlt_load_id").contains("primary_key");
      assertThat(driver.findElement(By.id("versions")).getText()).contains("boomi_flow");
      browser.screenshot("07-schema");

      // Rows of this load, from the load's page.
      driver.get(url("/ui/loads/" + loadId));
      driver.findElement(By.xpath("//table[@id='jobs']//tr[td[1]='flows']//a")).click();
      assertThat(driver.findElement(By.id("table-name")).getText()).isEqualTo("flows");
      List<WebElement> header = driver.findElements(By.cssSelector("#rows thead th"));
      int loadColumn = -1;
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).getText().equals("_dlt_load_id")) {
          loadColumn = i + 1;
        }
      }
      assertThat(loadColumn).isPositive();
      List<WebElement> loadIds =
          driver.findElements(By.cssSelector("#rows tbody td:nth-child(" + loadColumn + ")"));
      assertThat(loadIds).isNotEmpty().allSatisfy(td -> assertThat(td.getText()).isEqualTo(loadId));
      browser.screenshot("08-data");

      driver.get(url("/ui"));
      assertThat(driver.findElement(By.id("tenant-globex-ui")).getText()).contains(loadId);
      assertThat(driver.findElements(By.cssSelector("#detail-globex-ui svg rect"))).hasSize(2);
      browser.screenshot("09-tenants-after-load");

      driver.findElement(By.cssSelector("form.signout button")).click();
      assertThat(driver.getCurrentUrl()).isEqualTo(url("/ui/signin?signedout"));
      driver.get(url("/ui/loads/" + loadId));
      assertThat(driver.getCurrentUrl()).startsWith(url("/ui/signin"));
    }
  }

  @Test
  void aReadTokenLooksButCannotStartALoad() {
    try (Browser browser = signedIn(READ_TOKEN)) {
      ChromeDriver driver = browser.driver();
      assertThat(driver.getCurrentUrl()).startsWith(url("/ui"));
      assertThat(driver.findElement(By.cssSelector("header .who")).getText()).contains("read only");
      assertThat(driver.findElements(By.cssSelector("form.loadnow"))).isEmpty();
      assertThat(driver.findElement(By.id("tenant-globex-ui")).getText()).contains("globex");
    }
    WebSession session = new WebSession(port);
    assertThat(session.signIn(READ_TOKEN).headers().firstValue("Location")).hasValue(url("/ui"));
    String csrf = WebSession.csrf(session.get("/ui").body());
    long before = packages("acme-ui");
    var refused = session.post("/ui/loads", Map.of("tenant", "acme-ui", "_csrf", csrf));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(packages("acme-ui")).isEqualTo(before);
  }

  @Test
  void csrfIsEnforcedOnEveryForm() {
    WebSession session = new WebSession(port);
    // Signing in without the form's token is refused too (no login CSRF).
    var noCsrf = session.post("/ui/signin", Map.of("token", FULL_TOKEN));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    var signedIn = session.signIn(FULL_TOKEN);
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(signedIn.headers().firstValue("Location")).hasValue(url("/ui"));
    String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    long before = packages("globex-ui");
    assertThat(session.post("/ui/loads", Map.of("tenant", "globex-ui")).statusCode())
        .isEqualTo(403);
    assertThat(
            session
                .post("/ui/loads", Map.of("tenant", "globex-ui", "_csrf", "forged-token"))
                .statusCode())
        .isEqualTo(403);
    assertThat(session.post("/ui/signout", Map.of()).statusCode()).isEqualTo(403);
    assertThat(packages("globex-ui")).isEqualTo(before);
    // Still signed in: the refused sign-out did nothing.
    assertThat(session.get("/ui").statusCode()).isEqualTo(200);
    String csrf = WebSession.csrf(session.get("/ui").body());
    var out = session.post("/ui/signout", Map.of("_csrf", csrf));
    assertThat(out.headers().firstValue("Location")).hasValue(url("/ui/signin?signedout"));
    assertThat(session.get("/ui").statusCode()).isEqualTo(302);
  }

  @Test
  void everyPageRedirectsToSignInWithoutASession() {
    WebSession anonymous = new WebSession(port);
    for (String page :
        List.of(
            "/ui",
            "/ui/",
            "/ui/loads",
            "/ui/loads?tenant=acme-ui&status=loaded",
            "/ui/loads/1234.5",
            "/ui/tenants/acme-ui/schema",
            "/ui/tenants/hostile/data?table=hostile_names_v1",
            "/ui/openapi.json",
            "/ui/nothing-here")) {
      var answer = anonymous.get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(302);
      assertThat(answer.headers().firstValue("Location")).as(page).hasValue(url("/ui/signin"));
    }
    var signInPage = anonymous.get("/ui/signin");
    assertThat(signInPage.statusCode()).isEqualTo(200);
    assertThat(signInPage.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
    assertThat(anonymous.post("/ui/loads", Map.of("tenant", "acme-ui")).statusCode())
        .isEqualTo(403);

    // The API keeps its bearer tokens: a session does not open it, a token still does.
    WebSession session = new WebSession(port);
    session.signIn(FULL_TOKEN);
    assertThat(session.get("/ui").statusCode()).isEqualTo(200);
    assertThat(session.get("/loads").statusCode()).isEqualTo(401);
    assertThat(session.get("/loads", "Authorization", "Bearer " + READ_TOKEN).statusCode())
        .isEqualTo(200);
    // The OpenAPI document, for a signed-in user.
    var doc = session.get("/ui/openapi.json");
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(doc.body()).path("paths").has("/loads")).isTrue();
  }

  @Test
  void hostileNamesAndValuesAreShownAsTextNeverAsMarkup() {
    try (Browser browser = signedIn(READ_TOKEN)) {
      ChromeDriver driver = browser.driver();
      driver.get(url("/ui/tenants/hostile/schema"));
      for (WebElement details : driver.findElements(By.cssSelector("details"))) {
        driver.executeScript("arguments[0].open = true", details);
      }
      String schema = driver.findElement(By.id("tree")).getText();
      assertThat(schema).contains(HOSTILE_TABLE).contains("<svg onload=\"window.__pwned='svg'\">");
      assertNoInjectedMarkup(driver);
      browser.screenshot("10-schema-hostile");

      driver
          .findElement(
              By.cssSelector("details[data-table='" + HOSTILE_TABLE.replace("'", "\\'") + "'] a"))
          .click();
      assertThat(driver.findElement(By.id("rows")).getText())
          .contains("\"><script>window.__pwned='cell'</script>");
      assertNoInjectedMarkup(driver);

      driver.get(url("/ui/tenants/hostile/data?table=hostile_names_v1"));
      String rows = driver.findElement(By.id("rows")).getText();
      assertThat(rows)
          .contains("<script>window.__pwned='script'</script>")
          .contains("<img src=x onerror=\"window.__pwned='value'\">");
      // The long value is folded; opening it shows all of it, still as text.
      WebElement folded = driver.findElement(By.cssSelector("#rows details.long"));
      assertThat(folded.getText()).endsWith("…");
      folded.findElement(By.tagName("summary")).click();
      assertThat(folded.getText()).contains("x".repeat(400) + "</b>");
      assertNoInjectedMarkup(driver);
      browser.screenshot("11-data-hostile");

      driver.get(url("/ui/loads?tenant=hostile"));
      driver.findElement(By.cssSelector("#loads tbody a")).click();
      assertThat(driver.findElement(By.id("changes")).getDomProperty("textContent"))
          .contains("hostile_names_v1");
      assertNoInjectedMarkup(driver);
    }
  }

  /** No element came from data: no image, script, svg or bold text in the page's content. */
  private static void assertNoInjectedMarkup(ChromeDriver driver) {
    assertThat(
            driver.findElements(
                By.cssSelector("main img, main script, main svg, main b, main iframe")))
        .isEmpty();
    assertThat(
            driver.executeScript(
                "return window.__pwned === undefined ? null : String(window.__pwned)"))
        .isNull();
  }
}
