package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

class RunOnceExclusionsTests {

  private static StandardEnvironment environment(String... args) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    new RunOnceExclusions().postProcessEnvironment(env, new SpringApplication());
    return env;
  }

  private static List<String> excluded(StandardEnvironment env) {
    String value = env.getProperty("spring.autoconfigure.exclude");
    return value == null ? List.of() : Arrays.asList(value.split(","));
  }

  private static final String ONE_SHOT = "--flowloader.run-once=true";
  private static final String NO_WEB = "--spring.main.web-application-type=none";

  @Test
  void oneShotModeWithoutWebServerExcludesTheServicesAutoConfigurations() {
    assertThat(excluded(environment(ONE_SHOT, NO_WEB)))
        .containsExactlyElementsOf(RunOnceExclusions.SERVICE_ONLY);
  }

  @Test
  void serviceModeAndOneShotWithItsWebServerExcludeNothing() {
    for (String[] args :
        List.of(
            new String[0],
            new String[] {NO_WEB},
            new String[] {"--flowloader.run-once=false", NO_WEB},
            new String[] {ONE_SHOT},
            new String[] {ONE_SHOT, "--spring.main.web-application-type=servlet"})) {
      assertThat(environment(args).getPropertySources().contains(RunOnceExclusions.SOURCE_NAME))
          .as(String.join(" ", args))
          .isFalse();
    }
  }

  @Test
  void exclusionsAlreadyConfiguredAreKept() {
    assertThat(
            excluded(
                environment(
                    ONE_SHOT,
                    NO_WEB,
                    "--spring.autoconfigure.exclude=com.example.OneAutoConfiguration,"
                        + RunOnceExclusions.SERVICE_ONLY.get(0))))
        .startsWith("com.example.OneAutoConfiguration")
        .containsAll(RunOnceExclusions.SERVICE_ONLY)
        .doesNotHaveDuplicates();
  }

  @Test
  void everyExclusionIsAnAutoConfigurationOfThisBuild() {
    // A renamed or dropped auto-configuration (after an upgrade) would otherwise silently stay in.
    List<String> candidates =
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
    assertThat(candidates).containsAll(RunOnceExclusions.SERVICE_ONLY);
    assertThat(RunOnceExclusions.SERVICE_ONLY).doesNotHaveDuplicates();
  }
}
