package io.k6bridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code k6bridge-output-api} and {@code common}, bottom up, as the README's Layout
 * section draws them:
 *
 * <pre>
 * api        config, metrics, output (k6bridge-output-api)           the plug-in contract and its model
 * model      text, sink, secret, http, k6, registry             what k6 means; the run's registries
 * pipeline   ingest, aggregate                                  sampler threads to sinks
 * consumers  threshold, summary, telemetry, event               judge and report the run
 * outputs    output.*                                           write the run somewhere
 * engine     engine                                             wires one run together
 * </pre>
 *
 * A layer uses only the layers below it, no package cycles, and nothing here knows a tool.
 */
class LayeringTest {
  private static final JavaClasses COMMON =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.k6bridge");

  private static final String[] API = {
    "io.k6bridge.config", "io.k6bridge.metrics", "io.k6bridge.output"
  };

  private static final String[] MODEL = {
    "io.k6bridge.text..",
    "io.k6bridge.sink..",
    "io.k6bridge.secret..",
    "io.k6bridge.http..",
    "io.k6bridge.k6..",
    "io.k6bridge.registry.."
  };

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.k6bridge.(**)").should().beFreeOfCycles().check(COMMON);
  }

  @Test
  void theApiLeansOnNothingButItselfAndTheJdk() {
    classes()
        .that()
        .resideInAnyPackage(API)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.k6bridge.config", "io.k6bridge.metrics", "io.k6bridge.output", "java..")
        .check(COMMON);
  }

  @Test
  void theModelKnowsNothingOfTheRun() {
    noClasses()
        .that()
        .resideInAnyPackage(MODEL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.k6bridge.ingest..",
            "io.k6bridge.aggregate..",
            "io.k6bridge.threshold..",
            "io.k6bridge.summary..",
            "io.k6bridge.telemetry..",
            "io.k6bridge.event..",
            "io.k6bridge.output.*..",
            "io.k6bridge.engine..")
        .check(COMMON);
  }

  @Test
  void outputsNeverDependOnTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("io.k6bridge.output.*..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.k6bridge.engine..",
            "io.k6bridge.summary..",
            "io.k6bridge.telemetry..",
            "io.k6bridge.ingest..")
        .check(COMMON);
  }

  @Test
  void nothingCommonKnowsATool() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.jmeter..", "io.gatling..", "io.k6bridge.jmeter..", "io.k6bridge.gatling..")
        .check(COMMON);
  }
}
