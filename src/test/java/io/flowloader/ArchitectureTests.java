package io.flowloader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the dependency direction of docs/architecture.md: the tree reads as the data flow, {@code
 * api → schedule → pipeline → {extract, normalize, load, pkg, state}}, the pure stages never touch
 * the database, nothing depends on {@code api}, the simulator stays apart from the loader, and the
 * packages have no cycles. No rule passes vacuously: a rule whose classes are missing fails, and
 * every package the rules name must hold classes.
 */
class ArchitectureTests {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.flowloader", "io.boomiflow.simulator");

  private static final String[] DATABASE_APIS = {
    "java.sql..",
    "javax.sql..",
    "org.springframework.jdbc..",
    "org.springframework.data..",
    "org.postgresql..",
    "org.flywaydb.."
  };

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(false).check(CLASSES);
  }

  /** The packages the rules below name; a rename must update the rules, not empty them. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "io.flowloader.api",
        "io.flowloader.api.security",
        "io.flowloader.schedule",
        "io.flowloader.pipeline",
        "io.flowloader.source",
        "io.flowloader.extract",
        "io.flowloader.normalize",
        "io.flowloader.load",
        "io.flowloader.pkg",
        "io.flowloader.state",
        "io.flowloader.ui",
        "io.boomiflow.simulator",
        "io.flowloader.demo"
      })
  void everyPackageTheRulesNameHasClasses(String pkg) {
    assertThat(CLASSES.stream().filter(c -> c.getPackageName().startsWith(pkg)))
        .as("classes in %s", pkg)
        .isNotEmpty();
  }

  @Test
  void packagesAreFreeOfCycles() {
    check(slices().matching("io.flowloader.(*)..").should().beFreeOfCycles());
  }

  @Test
  void nothingDependsOnTheApi() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.flowloader.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.flowloader.api.."));
  }

  @Test
  void nothingDependsOnTheInspectorAndItOnlyReads() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.flowloader.ui..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.flowloader.ui.."));
    // The inspector reads packages, state, tenants and schedules and starts loads through the
    // launcher; it never reaches into the stages or the API.
    check(
        noClasses()
            .that()
            .resideInAPackage("io.flowloader.ui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.flowloader.api..",
                "io.flowloader.source..",
                "io.flowloader.extract..",
                "io.flowloader.normalize..",
                "io.flowloader.load..",
                "io.boomiflow.simulator..",
                "io.flowloader.demo.."));
  }

  @Test
  void securityDecisionsLiveInTheApiSecurityPackageAndTheInspectorAlone() {
    // Authentication and authorization are Spring Security's, configured in one place for the API
    // and one for the inspector's pages (its own sign-in chain, io.flowloader.ui); the API's
    // controllers and the rest of the service never make (or bypass) a security decision.
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.flowloader.api.security..", "io.flowloader.ui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.security..", "io.flowloader.api.security.."));
  }

  @Test
  void extractAndNormalizeNeverTouchTheDatabase() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("io.flowloader.extract..", "io.flowloader.normalize..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(DATABASE_APIS));
  }

  @Test
  void stagesDoNotReachBackUpTheFlow() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "io.flowloader.source..",
                "io.flowloader.extract..",
                "io.flowloader.normalize..",
                "io.flowloader.load..",
                "io.flowloader.pkg..",
                "io.flowloader.state..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.flowloader.pipeline..", "io.flowloader.schedule..", "io.flowloader.api.."));
  }

  @Test
  void pipelineDoesNotDependOnSchedulingOrApi() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.flowloader.pipeline..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.flowloader.schedule..", "io.flowloader.api.."));
  }

  @Test
  void normalizeIsPureOfOtherStages() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.flowloader.normalize..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.flowloader.extract..",
                "io.flowloader.load..",
                "io.flowloader.pkg..",
                "io.flowloader.state.."));
  }

  @Test
  void extractDoesNotKnowHowRowsAreStoredOrShaped() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.flowloader.extract..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.flowloader.normalize..", "io.flowloader.load..", "io.flowloader.pkg.."));
  }

  @Test
  void theLoaderNeverDependsOnTheSimulatorAndViceVersa() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.boomiflow.simulator..", "io.flowloader.demo..")
            // the entry point starts the simulator's own context under the simulator profile;
            // the demo profile composes loader and simulator in one process
            .and()
            .doNotHaveFullyQualifiedName("io.flowloader.FlowLoaderApplication")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.boomiflow.simulator.."));
    check(
        noClasses()
            .that()
            .resideInAPackage("io.boomiflow.simulator..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.flowloader.."));
  }
}
