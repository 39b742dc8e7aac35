package io.jprov.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction and "each library behind one package" (docs/architecture.md) honest. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jprov");
  }

  private static void only(String library, String... allowed) {
    noClasses().that().resideOutsideOfPackages(allowed)
        .should().dependOnClassesThat().resideInAPackage(library)
        .because(library + " lives behind " + String.join(", ", allowed))
        .check(classes);
  }

  @Test
  void picocliOnlyInCli() {
    only("picocli..", "io.jprov.cli..");
  }

  @Test
  void sshjOnlyInSshTransport() {
    only("net.schmizz..", "io.jprov.transport.ssh..");
    only("com.hierynomus..", "io.jprov.transport.ssh..");
  }

  @Test
  void snakeyamlOnlyInYaml() {
    only("org.yaml.snakeyaml..", "io.jprov.yaml..");
  }

  @Test
  void freemarkerOnlyInTemplate() {
    only("freemarker..", "io.jprov.template..");
  }

  @Test
  void jnrOnlyInLocalTransport() {
    only("jnr..", "io.jprov.transport.local..");
  }

  @Test
  void jacksonOnlyInJsonReportAndBundle() {
    only("com.fasterxml.jackson..", "io.jprov.json..", "io.jprov.report..", "io.jprov.bundle..");
  }

  @Test
  void nothingDependsOnTheCli() {
    noClasses().that().resideOutsideOfPackages("io.jprov.cli..").and().doNotHaveFullyQualifiedName("io.jprov.Main")
        .should().dependOnClassesThat().resideInAPackage("io.jprov.cli..")
        .check(classes);
  }

  @Test
  void engineDoesNotReachIntoTransportImplementations() {
    noClasses().that().resideInAnyPackage("io.jprov.engine..", "io.jprov.modules..", "io.jprov.facts..")
        .should().dependOnClassesThat().resideInAnyPackage("io.jprov.transport.ssh..", "io.jprov.transport.local..")
        .check(classes);
  }

  @Test
  void transportDoesNotDependOnTheInventory() {
    noClasses().that().resideInAPackage("io.jprov.transport..")
        .should().dependOnClassesThat().resideInAPackage("io.jprov.inventory..")
        .because("a transport connects to a Target (name and ConnectionSpec), whatever loaded it")
        .check(classes);
  }

  @Test
  void modulesNeverExecute() {
    noClasses().that().resideInAnyPackage("io.jprov.modules..", "io.jprov.facts..")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.jprov.transport.Connection")
        .because("a module plans from facts; only the engine executes")
        .check(classes);
  }

  @Test
  void doctorChecksOnlyJudgeFacts() {
    noClasses().that().resideInAPackage("io.jprov.doctor..")
        .should().dependOnClassesThat().resideInAnyPackage("io.jprov.engine..", "io.jprov.transport..",
            "io.jprov.report..")
        .because("a doctor check names facts and judges them; the command reads them through the engine")
        .check(classes);
  }
}
