package io.flowloader.ui;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian Chromium driven by its own chromedriver ({@code apt-get install chromium
 * chromium-driver}; .ci/run installs them). The driver's path is given explicitly, so Selenium
 * Manager never tries to download one. Locally a missing browser skips the test with that hint;
 * under {@code CI=true} it fails, so CI cannot pass by skipping.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory; the OS cleans it eventually
      }
    }
  }

  /** A fresh browser (its own profile directory), laptop-sized. */
  static Browser start() {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
      String message =
          "the browser tests need "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": install them with `apt-get install chromium chromium-driver` (.ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + "; CI=true, so this fails instead of skipping");
      }
      Assumptions.abort(message + "; skipping because CI is not true");
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("inspector-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=en-US",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().window().setSize(new Dimension(1366, 900));
    return new Browser(driver, profile);
  }

  /**
   * Writes what the browser shows to {@code target/screenshots/<name>.png}, for people to look at.
   */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.write(target, wholePage());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole page, not just the window (through the DevTools protocol), up to 5000 px high. */
  @SuppressWarnings("unchecked")
  private byte[] wholePage() {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) size.get("width")).doubleValue();
    double height = Math.min(5000, ((Number) size.get("height")).doubleValue());
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }
}
