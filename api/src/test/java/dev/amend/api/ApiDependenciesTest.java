package dev.amend.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract stays small: it uses only the JDK, DJL's api and jackson-annotations. */
class ApiDependenciesTest {

    @Test
    void apiClassesUseOnlyTheJdkDjlAndJacksonAnnotations() {
        JavaClasses api = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.amend.api");
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "ai.djl..", "com.fasterxml.jackson.annotation..", "dev.amend.api..")
                .check(api);
    }

    @Test
    void apiSubPackagesHaveNoCycles() {
        JavaClasses api = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.amend.api");
        slices().matching("dev.amend.api.(*)..").should().beFreeOfCycles().check(api);
    }

    /** api's dependencies, transitive ones included, bring none of the runtime's libraries. */
    @ParameterizedTest
    @ValueSource(strings = {"com.google.inject.Injector", "com.fasterxml.jackson.databind.ObjectMapper",
            "picocli.CommandLine", "dev.amend.registry.Registry"})
    void runtimeLibrariesAreNotOnTheApiClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
