package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.flowloader.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the Dockerfile without Docker: runs its layer extraction on the packaged jar, copies the
 * layers into one directory in the Dockerfile's COPY order, runs its CDS training run there, and
 * starts the application with the image's ENTRYPOINT and JAVA_TOOL_OPTIONS from that directory, as
 * the image would. The steps are read from the Dockerfile itself, so the two cannot drift apart.
 */
class LayeredLaunchIT {

  static final Path DOCKERFILE = Repo.ROOT.resolve("Dockerfile");
  static final Pattern EXTRACT =
      Pattern.compile("(?m)^RUN (java -Djarmode=tools -jar app\\.jar extract .*)$");
  static final Pattern LAYER_COPY =
      Pattern.compile("(?m)^COPY --from=build /workspace/extracted/([a-z-]+)/ \\./$");
  static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$");
  static final Pattern TOOL_OPTIONS = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$");

  /** The training run's java command, alone on a line of a RUN (up to " \\" or "&&"). */
  static final Pattern CDS_TRAINING =
      Pattern.compile(
          "(?m)^(?:RUN )? *(java -XX:ArchiveClassesAtExit=(\\S+) [^&\\\\\n]*[^&\\\\\n ])");

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path work;
  static Path app;
  static String dockerfile;

  @BeforeAll
  static void extractLikeTheImage() throws Exception {
    dockerfile = Repo.read(DOCKERFILE);
    Path jar = packagedJar();
    Files.copy(jar, work.resolve("app.jar"));

    Matcher extract = EXTRACT.matcher(dockerfile);
    assertThat(extract.find()).as("Dockerfile extracts the layers with jarmode=tools").isTrue();
    List<String> extractCommand = new ArrayList<>(Arrays.asList(extract.group(1).split(" ")));
    extractCommand.set(0, javaBinary());
    assertThat(run(work, extractCommand)).isZero();

    List<String> copied = layerCopies();
    assertThat(copied)
        .as("the Dockerfile copies every layer the jar has, in the jar's order")
        .containsExactlyElementsOf(listLayers());

    app = Files.createDirectory(work.resolve("app"));
    for (String layer : copied) {
      copyInto(work.resolve("extracted").resolve(layer), app);
    }

    // The training run, after the COPYs and the ENV, as the image build runs it: a one-shot load
    // of the demo profile's tenants from its in-process simulator, into an embedded PostgreSQL as
    // the image's (non-root) user. PostgreSQL refuses to run as root, so a root test run gives it
    // the test database instead, as the demo allows; the simulator gets a free port here.
    Matcher training = CDS_TRAINING.matcher(dockerfile);
    assertThat(training.find()).as("Dockerfile makes a CDS archive with a training run").isTrue();
    assertThat(dockerfile.indexOf("ENV JAVA_TOOL_OPTIONS="))
        .as("JAVA_TOOL_OPTIONS are set before the training run, as at run time")
        .isLessThan(training.start());
    assertThat(dockerfile)
        .as("the training run runs as the image's user")
        .containsPattern(
            "setpriv --reuid=10001 --regid=10001 --clear-groups \\\\\\s+java -XX:Arch");
    List<String> trainingCommand = new ArrayList<>(Arrays.asList(training.group(1).split(" ")));
    trainingCommand.set(0, javaBinary());
    trainingCommand.add("--flowloader.demo.simulator-port=" + freePort());
    Map<String, String> trainingEnv = new HashMap<>();
    trainingEnv.put("JAVA_TOOL_OPTIONS", toolOptions());
    TestDatabase db = TestDatabase.get();
    // A database of its own: the training loads the demo tenants (acme, globex), whose cursors
    // would otherwise stay in the test database and make later tests' loads of them incremental.
    String scratch = "it_cds_" + Long.toHexString(System.nanoTime());
    if ("root".equals(System.getProperty("user.name"))) {
      sql(db, "CREATE DATABASE " + scratch);
      trainingEnv.put("FLOWLOADER_DB_URL", TestDatabase.withDatabase(db.jdbcUrl(), scratch));
      trainingEnv.put("FLOWLOADER_DB_USER", db.username());
      trainingEnv.put("FLOWLOADER_DB_PASSWORD", db.password());
    }
    try {
      assertThat(run(app, trainingCommand, trainingEnv, Duration.ofMinutes(10))).isZero();
    } finally {
      sql(db, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
    }
    assertThat(app.resolve(training.group(2))).isRegularFile();
    assertThat(entrypoint()).contains("-XX:SharedArchiveFile=" + training.group(2));
  }

  @Test
  void dockerfileRunsAsNonRootWithHeapFromTheContainerLimit() {
    assertThat(dockerfile)
        .contains("FROM ${JDK_IMAGE} AS build", "./mvnw", "USER 10001:10001", "EXPOSE 8080 8081")
        .contains("org.opencontainers.image.title", "org.opencontainers.image.revision");
    assertThat(dockerfile)
        .containsPattern("ARG JDK_IMAGE=\\S+:17-jdk")
        .containsPattern("ARG JRE_IMAGE=\\S+:17-jre");
    assertThat(toolOptions()).contains("-XX:MaxRAMPercentage=");
    assertThat(entrypoint()).contains("-Djava.io.tmpdir=/tmp");
  }

  @Test
  void chartAndComposePassTheImagesJvmOptions() {
    // JAVA_TOOL_OPTIONS set by a deployment replaces the image's, so they repeat them.
    Map<String, Object> values =
        RenderedChart.map(
            RenderedChart.yaml()
                .load(Repo.read(Repo.ROOT.resolve("helm/boomi-flow-loader/values.yaml"))));
    assertThat(values.get("javaToolOptions")).isEqualTo(toolOptions());
    Map<String, Object> compose =
        RenderedChart.map(
            RenderedChart.yaml().load(Repo.read(Repo.ROOT.resolve("docker-compose.yml"))));
    assertThat(RenderedChart.at(compose, "services.loader.environment.JAVA_TOOL_OPTIONS"))
        .isEqualTo(toolOptions());
  }

  @Test
  void loaderStartsFromTheExtractedLayoutAndWritesOnlyTmp() throws Exception {
    Map<String, Long> before = snapshot(app);
    int http = freePort();
    int management = freePort();
    TestDatabase db = TestDatabase.get();
    Map<String, String> env = new HashMap<>();
    env.put("FLOWLOADER_DB_URL", db.jdbcUrl());
    env.put("FLOWLOADER_DB_USER", db.username());
    env.put("FLOWLOADER_DB_PASSWORD", db.password());
    env.put("FLOWLOADER_API_TOKENS", "layered-launch-token");
    Launched launched =
        launch(env, "--server.port=" + http, "--management.server.port=" + management);
    try {
      String base = "http://127.0.0.1:" + management;
      awaitStatus(launched, base + "/actuator/health/readiness", Map.of(), 200);
      HttpResponse<String> readiness = get(base + "/actuator/health/readiness", Map.of());
      assertThat(readiness.body()).contains("\"UP\"");
      assertThat(get(base + "/actuator/prometheus", Map.of()).body())
          .contains("jvm_memory_used_bytes");
    } finally {
      launched.stop();
    }
    assertThat(launched.output()).contains("Picked up JAVA_TOOL_OPTIONS: " + toolOptions());
    assertThat(launched.output())
        .as("the JVM maps the CDS archive (a mismatch only warns)")
        .doesNotContain("Unable to use shared archive")
        .doesNotContain("[cds");
    assertThat(snapshot(app)).as("files under the image's /app after a run").isEqualTo(before);
  }

  @Test
  void simulatorStartsFromTheExtractedLayoutAndAnswers() throws Exception {
    try (ZipFile jar = new ZipFile(packagedJar().toFile())) {
      boolean hasSimulator =
          jar.stream()
              .anyMatch(e -> e.getName().startsWith("BOOT-INF/classes/io/boomiflow/simulator/"));
      // Compose and Helm run the simulator from this jar, so it must ship in it.
      assertThat(hasSimulator).as("the simulator's classes in the jar").isTrue();
    }
    // As docker-compose runs it: no database settings, the simulator needs none.
    int port = freePort();
    Launched launched =
        launch(Map.of(), "--spring.profiles.active=simulator", "--server.port=" + port);
    try {
      String users = "http://127.0.0.1:" + port + "/api/admin/1/users";
      Map<String, String> acme =
          Map.of(
              "x-boomi-flow-api-key", "sim-acme-key-0000000000000000001",
              "manywhotenant", "0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
              "Accept", "application/json");
      awaitStatus(launched, users, acme, 200);
      assertThat(composeHealthcheck("simulator", 8090, port)).as("compose healthcheck").isZero();
      Map<String, String> wrongKey = new HashMap<>(acme);
      wrongKey.put("x-boomi-flow-api-key", "not-a-key");
      assertThat(get(users, wrongKey).statusCode()).isEqualTo(401);
    } finally {
      launched.stop();
    }
  }

  // --- the Dockerfile, read ---

  static List<String> layerCopies() {
    List<String> layers = new ArrayList<>();
    Matcher m = LAYER_COPY.matcher(dockerfile);
    while (m.find()) {
      layers.add(m.group(1));
    }
    return layers;
  }

  static List<String> entrypoint() {
    Matcher m = ENTRYPOINT.matcher(dockerfile);
    assertThat(m.find()).as("Dockerfile has an exec-form ENTRYPOINT").isTrue();
    List<String> args = new ArrayList<>();
    for (String part : m.group(1).split(",")) {
      args.add(part.trim().replaceAll("^\"|\"$", ""));
    }
    return args;
  }

  static String toolOptions() {
    Matcher m = TOOL_OPTIONS.matcher(dockerfile);
    assertThat(m.find()).as("Dockerfile sets JAVA_TOOL_OPTIONS").isTrue();
    return m.group(1);
  }

  /** Runs a service's docker-compose healthcheck (CMD form) against the port used here. */
  static int composeHealthcheck(String service, int composePort, int port) throws Exception {
    Map<String, Object> compose =
        RenderedChart.map(
            RenderedChart.yaml().load(Repo.read(Repo.ROOT.resolve("docker-compose.yml"))));
    Map<String, Object> svc =
        RenderedChart.map(RenderedChart.map(compose.get("services")).get(service));
    List<String> test = new ArrayList<>();
    RenderedChart.list(RenderedChart.at(svc, "healthcheck.test"))
        .forEach(t -> test.add((String) t));
    assertThat(test.get(0)).isEqualTo("CMD");
    List<String> command = new ArrayList<>(test.subList(1, test.size()));
    int last = command.size() - 1;
    command.set(last, command.get(last).replace("/127.0.0.1/" + composePort, "/127.0.0.1/" + port));
    return run(work, command);
  }

  // --- running it ---

  record Launched(Process process, Path log) {
    String output() {
      return Repo.read(log);
    }

    void stop() throws InterruptedException {
      process.destroy(); // SIGTERM, as docker stop sends
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static Launched launch(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(entrypoint());
    assertThat(command.get(0)).isEqualTo("java");
    command.set(0, javaBinary());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile());
    builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions());
    builder.environment().putAll(env);
    Path log = Files.createTempFile(work, "app", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new Launched(builder.start(), log);
  }

  static void sql(TestDatabase db, String statement) throws java.sql.SQLException {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        java.sql.Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  static void awaitStatus(Launched launched, String url, Map<String, String> headers, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!launched.process().isAlive()) {
        fail(
            "the application exited with %d:%n%s",
            launched.process().exitValue(), launched.output());
      }
      try {
        last = get(url, headers).statusCode();
        if (last == status) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    fail("%s did not answer %d within 120 s (last %d):%n%s", url, status, last, launched.output());
  }

  static HttpResponse<String> get(String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static int run(Path dir, List<String> command) throws IOException, InterruptedException {
    return run(dir, command, Map.of());
  }

  static int run(Path dir, List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(dir, command, env, Duration.ofMinutes(2));
  }

  static int run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS))
        .as("%s finished", command)
        .isTrue();
    return process.exitValue();
  }

  static List<String> listLayers() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(javaBinary(), "-Djarmode=tools", "-jar", "app.jar", "list-layers")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  static Path packagedJar() throws IOException {
    try (Stream<Path> files = Files.list(Repo.ROOT.resolve("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("boomi-flow-loader-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no packaged jar: run ./mvnw verify"));
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Like Docker's COPY of a directory: merges its contents into the target. */
  static void copyInto(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Path to size and modification time of every file under a directory. */
  static Map<String, Long> snapshot(Path dir) {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        files.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p)
                ? -1
                : Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
