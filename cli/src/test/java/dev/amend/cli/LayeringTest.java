package dev.amend.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN §1: api ← spi-*, trainers ← registry ← harness ← cli; testkit on api and registry only. */
class LayeringTest {

    private static final JavaClasses AMEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.amend");

    @Test
    void modulesDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("dev.amend.api..")
                .layer("providers").definedBy("dev.amend.models..", "dev.amend.methods..", "dev.amend.metrics..",
                        "dev.amend.trainers..")
                .layer("registry").definedBy("dev.amend.registry..")
                .layer("harness").definedBy("dev.amend.harness..")
                .layer("cli").definedBy("dev.amend.cli..")
                .layer("testkit").definedBy("dev.amend.testkit..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("harness").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("harness", "cli", "testkit")
                .whereLayer("providers").mayNotBeAccessedByAnyLayer()
                .whereLayer("testkit").mayNotBeAccessedByAnyLayer()
                .check(AMEND);
    }

    @Test
    void providersUseNeitherGuiceNorPicocliNorTheRuntime() {
        noClasses().that().resideInAnyPackage("dev.amend.api..", "dev.amend.models..", "dev.amend.methods..",
                        "dev.amend.metrics..", "dev.amend.trainers..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..",
                        "picocli..", "dev.amend.registry..", "dev.amend.harness..", "dev.amend.cli..")
                .check(AMEND);
    }
}
