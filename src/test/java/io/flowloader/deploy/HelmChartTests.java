package io.flowloader.deploy;

import static io.flowloader.deploy.RenderedChart.FULLNAME;
import static io.flowloader.deploy.RenderedChart.at;
import static io.flowloader.deploy.RenderedChart.list;
import static io.flowloader.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart passes {@code helm lint --strict}, renders for its default values and for every
 * scenario under {@code ci/}, and the rendered objects keep the chart's promises: secrets only
 * referenced, hardened pods, probes on the management port, a schema that rejects typos.
 */
class HelmChartTests {

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(Repo.CHART.resolve("ci"))) {
      List<String> names = new ArrayList<>();
      names.add("default");
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .forEach(names::add);
      return names.stream();
    }
  }

  static Path valuesFile(String scenario) {
    return "default".equals(scenario) ? null : Repo.CHART.resolve("ci").resolve(scenario);
  }

  static Map<String, Object> values(String scenario) {
    Path file = valuesFile(scenario);
    if (file == null) {
      return Map.of();
    }
    return map(RenderedChart.yaml().load(Repo.read(file)));
  }

  /**
   * helm-java's lint takes no values file, so each scenario is linted as a copy of the chart whose
   * values.yaml is the defaults coalesced with the scenario the way Helm does (maps merged, the
   * rest replaced).
   */
  @ParameterizedTest
  @MethodSource("scenarios")
  void lintStrictPasses(String scenario) throws IOException {
    Path chart = Repo.CHART;
    Path copy = null;
    if (valuesFile(scenario) != null) {
      copy = Files.createTempDirectory("chart");
      copyTree(Repo.CHART, copy);
      Map<String, Object> defaults =
          map(RenderedChart.yaml().load(Repo.read(Repo.CHART.resolve("values.yaml"))));
      Files.writeString(
          copy.resolve("values.yaml"),
          RenderedChart.yaml().dump(coalesce(defaults, values(scenario))));
      chart = copy;
    }
    try {
      LintResult result = new Helm(chart).lint().strict().call();
      assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
      assertThat(result.getMessages())
          .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    } finally {
      if (copy != null) {
        deleteTree(copy);
      }
    }
  }

  static Map<String, Object> coalesce(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new java.util.LinkedHashMap<>(base);
    override.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> && merged.get(key) instanceof Map<?, ?>) {
            merged.put(key, coalesce(map(merged.get(key)), map(value)));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void podsAreHardenedAndSecretsOnlyReferenced(String scenario) {
    RenderedChart chart = RenderedChart.render(valuesFile(scenario), Map.of());
    Map<String, Object> values = values(scenario);
    String existingSecret = (String) values.getOrDefault("existingSecret", "");

    List<Map<String, Object>> podSpecs = podSpecs(chart);
    assertThat(podSpecs).as("pod specs of %s", scenario).isNotEmpty();
    for (Map<String, Object> pod : podSpecs) {
      assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
      assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
      assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
      assertThat(list(pod.get("volumes")))
          .anySatisfy(v -> assertThat(map(v)).containsEntry("name", "tmp").containsKey("emptyDir"));
      for (Object c : list(pod.get("containers"))) {
        Map<String, Object> container = map(c);
        assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(at(container, "securityContext.capabilities.drop"))).contains("ALL");
        assertThat(list(container.get("volumeMounts")))
            .anySatisfy(m -> assertThat(map(m)).containsEntry("mountPath", "/tmp"));
        assertThat(at(container, "resources.requests.memory"))
            .as("memory request = limit")
            .isEqualTo(at(container, "resources.limits.memory"));
        Map<String, Map<String, Object>> env = env(container);
        for (String secretVar : List.of("FLOWLOADER_DB_PASSWORD", "FLOWLOADER_API_TOKENS")) {
          assertThat(env.get(secretVar)).as(secretVar).doesNotContainKey("value");
          assertThat(at(env.get(secretVar), "valueFrom.secretKeyRef.name"))
              .isEqualTo(existingSecret.isEmpty() ? FULLNAME : existingSecret);
        }
        assertThat(env.keySet()).noneMatch(name -> name.contains("API_KEY"));
      }
    }

    // Tenants reach the pod as a config file whose API keys are files in the Secret mount.
    Map<String, Object> config = applicationConfig(chart);
    List<Object> tenants = list(at(config, "flowloader.tenants"));
    List<Object> configuredTenants = (List<Object>) values.getOrDefault("tenants", List.of());
    assertThat(tenants).hasSameSizeAs(configuredTenants);
    for (Object t : tenants) {
      Map<String, Object> tenant = map(t);
      assertThat(tenant).doesNotContainKey("api-key");
      assertThat((String) tenant.get("api-key-file"))
          .isEqualTo("/etc/flowloader/secrets/" + tenant.get("name") + "/api-key");
    }

    // Secret values appear in the Secret (when the chart creates it) and nowhere else.
    List<String> secretValues = secretValues(values);
    for (String secret : secretValues) {
      assertThat(chart.nonSecretText())
          .as("secret value inlined outside the Secret")
          .doesNotContain(secret);
    }
    if (existingSecret.isEmpty()) {
      StringBuilder decoded = new StringBuilder();
      map(at(chart.one("Secret"), "data"))
          .values()
          .forEach(v -> decoded.append(decode((String) v)).append('\n'));
      for (String value : secretValues) {
        assertThat(decoded.toString()).contains(value);
      }
    } else {
      assertThat(chart.all("Secret")).as("no Secret when existingSecret is given").isEmpty();
    }
  }

  @Test
  void defaultDeploymentProbesDrainsAndSpreads() {
    RenderedChart chart = RenderedChart.render(null, Map.of());
    Map<String, Object> deployment = chart.one("Deployment");
    assertThat(at(deployment, "spec.replicas")).isEqualTo(2);
    Map<String, Object> pod = map(at(deployment, "spec.template.spec"));
    Map<String, Object> container = map(list(pod.get("containers")).get(0));
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("management");
    }
    assertThat(at(container, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat(list(container.get("ports")))
        .extracting(p -> map(p).get("containerPort"))
        .containsExactly(8080, 8081);

    List<Object> preStop = list(at(container, "lifecycle.preStop.exec.command"));
    int preStopSeconds = Integer.parseInt((String) preStop.get(1));
    Map<String, Object> config = applicationConfig(chart);
    assertThat(map(config.get("flowloader"))).doesNotContainKey("source-definition");
    String drain = (String) at(config, "spring.lifecycle.timeout-per-shutdown-phase");
    int drainSeconds = Integer.parseInt(drain.replace("s", ""));
    assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
        .isGreaterThan(preStopSeconds + drainSeconds);

    Map<String, Object> annotations = map(at(deployment, "spec.template.metadata.annotations"));
    assertThat(annotations).containsKeys("checksum/config", "checksum/secret");
    assertThat(at(pod, "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"))
        .isNotNull();
    assertThat(map(at(pod, "affinity.podAntiAffinity")))
        .doesNotContainKey("requiredDuringSchedulingIgnoredDuringExecution");

    assertThat(list(at(chart.one("Service"), "spec.ports")))
        .extracting(p -> map(p).get("name"))
        .containsExactly("http", "management");
    assertThat(at(chart.one("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
    assertThat(chart.one("ServiceAccount").get("automountServiceAccountToken")).isEqualTo(false);
  }

  @Test
  void helmTestHookChecksReadiness() throws IOException {
    // helm-java's template leaves hooks out: render a copy whose test pod is an ordinary template.
    Path hook = Repo.CHART.resolve("templates/tests/test-readiness.yaml");
    String source = Repo.read(hook);
    assertThat(source).contains("helm.sh/hook: test");
    Path copy = Files.createTempDirectory("chart");
    try {
      copyTree(Repo.CHART, copy);
      Files.writeString(
          copy.resolve("templates/tests/test-readiness.yaml"),
          source.replace("helm.sh/hook: test", "hook-under-test: \"true\""));
      Map<String, Object> pod = RenderedChart.render(copy, null, Map.of()).one("Pod");
      Map<String, Object> container = map(list(at(pod, "spec.containers")).get(0));
      assertThat(list(container.get("command")))
          .contains("http://" + FULLNAME + ":8081/actuator/health/readiness");
      assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    } finally {
      deleteTree(copy);
    }
  }

  @Test
  void notesTellHowToTriggerALoadAndWhereMetricsAre() {
    String notes =
        new Helm(Repo.CHART)
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .withKubeVersion(RenderedChart.KUBE_VERSION)
            .withValuesFile(valuesFile("tenants-values.yaml"))
            .dryRun()
            .clientOnly()
            .call()
            .getOutput();
    assertThat(notes)
        .contains("POST", "/loads", "\"tenant\":\"acme\"", "/actuator/prometheus", "helm test flow")
        .doesNotContain("ci-api-token-0001", "ci-acme-api-key-0001");
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Test
  void configChangesRollThePods() {
    String before = checksum(RenderedChart.render(null, Map.of()));
    String after =
        checksum(RenderedChart.render(null, Map.of("flowloader.sourceDefinition", "file:/x.yaml")));
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void dashboardConfigMapIsLabelledForTheGrafanaSidecar() {
    RenderedChart chart = RenderedChart.render(null, Map.of());
    Map<String, Object> dashboard =
        chart.all("ConfigMap").stream()
            .filter(c -> at(c, "metadata.name").equals(FULLNAME + "-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(map(at(dashboard, "metadata.labels"))).containsEntry("grafana_dashboard", "1");
    JsonNode json =
        JsonMapper.builder()
            .build()
            .readTree((String) map(at(dashboard, "data")).get("boomi-flow-loader.json"));
    assertThat(json.get("uid").asString()).isEqualTo("boomi-flow-loader");
    assertThat(json.get("panels").size()).isGreaterThan(10);
  }

  @Test
  void existingSecretUsesTheConfiguredKeyNames() {
    RenderedChart chart = RenderedChart.render(valuesFile("existing-secret-values.yaml"), Map.of());
    Map<String, Object> pod = map(at(chart.one("Deployment"), "spec.template.spec"));
    Map<String, Map<String, Object>> env = env(map(list(pod.get("containers")).get(0)));
    assertThat(at(env.get("FLOWLOADER_DB_PASSWORD"), "valueFrom.secretKeyRef.key"))
        .isEqualTo("postgres-password");
    assertThat(at(env.get("FLOWLOADER_API_TOKENS"), "valueFrom.secretKeyRef.key"))
        .isEqualTo("http-tokens");
    Map<String, Object> keys =
        list(pod.get("volumes")).stream()
            .map(RenderedChart::map)
            .filter(v -> "tenant-api-keys".equals(v.get("name")))
            .findFirst()
            .map(v -> map(v.get("secret")))
            .orElseThrow();
    assertThat(keys.get("secretName")).isEqualTo("flowloader-credentials");
    assertThat(list(keys.get("items")))
        .extracting(i -> map(i).get("key") + "->" + map(i).get("path"))
        .containsExactly("acme-boomi-key->acme/api-key", "initech->initech/api-key");
    assertThat(map(at(chart.one("Deployment"), "spec.template.metadata.annotations")))
        .containsKey("checksum/config")
        .doesNotContainKey("checksum/secret");
  }

  @Test
  void tenantsScenarioRendersMonitoringObjects() {
    RenderedChart chart = RenderedChart.render(valuesFile("tenants-values.yaml"), Map.of());
    Map<String, Object> monitor = chart.one("ServiceMonitor");
    Map<String, Object> endpoint = map(list(at(monitor, "spec.endpoints")).get(0));
    assertThat(endpoint)
        .containsEntry("port", "management")
        .containsEntry("path", "/actuator/prometheus");
    assertThat(map(at(monitor, "metadata.labels")))
        .containsEntry("release", "kube-prometheus-stack");

    List<Map<String, Object>> alerts = alerts(chart);
    assertThat(alerts)
        .extracting(a -> a.get("alert"))
        .contains(
            "FlowLoaderTenantStale",
            "FlowLoaderLoadFailures",
            "FlowLoaderLoadStuck",
            "FlowLoaderResourceFailing",
            "FlowLoaderPodsNotReady")
        .doesNotContain("FlowLoaderSchedulesSkipped");
    assertThat(alerts)
        .allSatisfy(a -> assertThat(map(a.get("labels"))).containsEntry("team", "data"));

    Map<String, Object> config = applicationConfig(chart);
    Map<String, Object> globex = map(list(at(config, "flowloader.tenants")).get(1));
    assertThat(globex)
        .containsEntry("enabled", false)
        .containsEntry("dataset", "boomi_flow_globex");
    assertThat(map(globex.get("schedule"))).containsEntry("fixed-delay", "PT30M");
    assertThat(at(config, "logging.structured.format.console")).isEqualTo("ecs");
    Map<String, Object> secretData = map(at(chart.one("Secret"), "data"));
    assertThat(secretData).containsKeys("db-password", "api-tokens", "acme-api-key", "globex-key");
    assertThat(
            new String(
                Base64.getDecoder().decode((String) secretData.get("api-tokens")),
                StandardCharsets.UTF_8))
        .isEqualTo("ci-api-token-0001,ci-api-token-0002");
  }

  @Test
  void cronJobScenarioRunsOnceWithoutTheService() {
    RenderedChart chart = RenderedChart.render(valuesFile("cronjob-values.yaml"), Map.of());
    assertThat(chart.all("Deployment")).isEmpty();
    assertThat(chart.all("Service")).isEmpty();
    Map<String, Object> cronJob = chart.one("CronJob");
    assertThat(at(cronJob, "spec.concurrencyPolicy")).isEqualTo("Forbid");
    Map<String, Object> container =
        map(list(at(cronJob, "spec.jobTemplate.spec.template.spec.containers")).get(0));
    assertThat(list(container.get("args")))
        .containsExactly(
            "--flowloader.run-once=true",
            "--spring.main.web-application-type=none",
            "--flowloader.run-once-tenants=acme");
  }

  @Test
  void networkPolicyLimitsIngressAndEgress() {
    RenderedChart chart = RenderedChart.render(valuesFile("locked-down-values.yaml"), Map.of());
    Map<String, Object> policy = chart.one("NetworkPolicy");
    String rendered = RenderedChart.yaml().dump(policy);
    assertThat(rendered)
        .contains("airflow", "observability", "dns-system", "10.20.0.0/24", "203.0.113.0/24");
    assertThat(list(at(policy, "spec.egress"))).hasSize(3);
    assertThat(list(at(policy, "spec.policyTypes"))).containsExactly("Ingress", "Egress");
    Map<String, Object> container =
        map(list(at(chart.one("Deployment"), "spec.template.spec.containers")).get(0));
    assertThat((String) container.get("image"))
        .endsWith("@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(chart.all("PodDisruptionBudget")).isEmpty();
    assertThat(list(container.get("volumeMounts")))
        .anySatisfy(m -> assertThat(map(m)).containsEntry("mountPath", "/etc/flowloader/sources"));
    assertThat(at(applicationConfig(chart), "flowloader.source-definition"))
        .isEqualTo("file:/etc/flowloader/sources/boomi-flow.yaml");
    assertThat(at(applicationConfig(chart), "spring.lifecycle.timeout-per-shutdown-phase"))
        .isEqualTo("120s");
  }

  @Test
  void schemaRejectsAMisspelledTopLevelKey() {
    assertThatThrownBy(() -> RenderedChart.render(null, Map.of("replicaCont", 3)))
        .hasMessageContaining("additional properties 'replicaCont' not allowed");
  }

  @Test
  void schemaRejectsWrongTypesAndUnknownTenantKeys() {
    assertThatThrownBy(() -> RenderedChart.render(null, Map.of("replicaCount", "two")))
        .hasMessageContaining("/replicaCount")
        .hasMessageContaining("want integer");
    Map<String, Object> typo = new HashMap<>();
    typo.put("existingSecret", "s");
    typo.put("tenants[0].name", "acme");
    typo.put("tenants[0].tenantId", "t");
    typo.put("tenants[0].apikey", "oops");
    assertThatThrownBy(() -> RenderedChart.render(null, typo))
        .hasMessageContaining("additional properties 'apikey' not allowed");
  }

  @Test
  void refusesAGracePeriodShorterThanTheDrain() {
    assertThatThrownBy(
            () -> RenderedChart.render(null, Map.of("terminationGracePeriodSeconds", 30)))
        .hasMessageContaining("terminationGracePeriodSeconds");
  }

  @Test
  void refusesATenantWithoutAKeyWhenTheChartCreatesTheSecret() {
    Map<String, Object> sets = Map.of("tenants[0].name", "acme", "tenants[0].tenantId", "t");
    assertThatThrownBy(() -> RenderedChart.render(null, sets))
        .hasMessageContaining("has no apiKey");
  }

  static Map<String, String> helmTestHook() {
    return Map.of(
        "helm.sh/hook",
        "test",
        "helm.sh/hook-delete-policy",
        "before-hook-creation,hook-succeeded");
  }

  static List<Map<String, Object>> podSpecs(RenderedChart chart) {
    List<Map<String, Object>> specs = new ArrayList<>();
    chart.all("Deployment").forEach(d -> specs.add(map(at(d, "spec.template.spec"))));
    chart.all("CronJob").forEach(c -> specs.add(map(at(c, "spec.jobTemplate.spec.template.spec"))));
    return specs;
  }

  static Map<String, Map<String, Object>> env(Map<String, Object> container) {
    Map<String, Map<String, Object>> env = new HashMap<>();
    for (Object e : list(container.get("env"))) {
      env.put((String) map(e).get("name"), map(e));
    }
    return env;
  }

  static Map<String, Object> applicationConfig(RenderedChart chart) {
    Map<String, Object> configMap =
        chart.all("ConfigMap").stream()
            .filter(c -> at(c, "metadata.name").equals(FULLNAME))
            .findFirst()
            .orElseThrow();
    return map(
        RenderedChart.yaml()
            .load((String) map(at(configMap, "data")).get("application-tenants.yaml")));
  }

  static String checksum(RenderedChart chart) {
    return (String)
        at(chart.one("Deployment"), "spec.template.metadata.annotations.checksum/config");
  }

  static List<Map<String, Object>> alerts(RenderedChart chart) {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Object group : list(at(chart.one("PrometheusRule"), "spec.groups"))) {
      list(map(group).get("rules")).forEach(r -> alerts.add(map(r)));
    }
    return alerts;
  }

  @SuppressWarnings("unchecked")
  static List<String> secretValues(Map<String, Object> values) {
    List<String> secrets = new ArrayList<>();
    Object database = values.get("database");
    if (database instanceof Map<?, ?> db
        && db.get("password") instanceof String p
        && !p.isEmpty()) {
      secrets.add(p);
    }
    for (Object token : (List<Object>) values.getOrDefault("apiTokens", List.of())) {
      secrets.add((String) token);
    }
    for (Object tenant : (List<Object>) values.getOrDefault("tenants", List.of())) {
      if (map(tenant).get("apiKey") instanceof String key) {
        secrets.add(key);
      }
    }
    return secrets;
  }
}
