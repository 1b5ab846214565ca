package dev.amend.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.google.inject.Injector;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.amend.registry.AmendRuntime;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The modules' layering: api ← toolkit ← providers (models, methods, metrics, trainers) ← registry ← harness ← cli;
 * testkit on api, toolkit and registry only. Inside cli, the commands, the web demo and the benchmarks stay apart,
 * and commands get the runtime by injection. And one home for each file helper: atomic writes, recursive deletes and
 * hashing live in the toolkit's {@code io} package and nowhere else.
 */
class LayeringTest {

    static final JavaClasses AMEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.amend");

    private static final String FILE_HELPERS = "dev.amend.toolkit.io";
    private static final String COMMANDS = "dev.amend.cli.commands..";
    private static final String WEB = "dev.amend.cli.web..";
    private static final String BENCH = "dev.amend.cli.bench..";

    @Test
    void modulesDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("dev.amend.api..")
                .layer("toolkit").definedBy("dev.amend.toolkit..")
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
                .whereLayer("toolkit").mayOnlyBeAccessedByLayers("providers", "registry", "harness", "cli", "testkit")
                .check(AMEND);
    }

    @Test
    void theCommandLinesPackagesStayApart() {
        noClasses().that().resideInAPackage(COMMANDS).should().dependOnClassesThat().resideInAnyPackage(WEB, BENCH)
                .check(AMEND);
        noClasses().that().resideInAPackage(WEB).should().dependOnClassesThat().resideInAnyPackage(COMMANDS, BENCH)
                .check(AMEND);
        noClasses().that().resideInAPackage(BENCH).should().dependOnClassesThat().resideInAPackage(COMMANDS)
                .because("bench-serve drives the web demo, and nothing else of another package")
                .check(AMEND);
        noClasses().that().resideInAPackage("dev.amend.cli").and().doNotHaveSimpleName("AmendCommand")
                .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, WEB, BENCH)
                .because("the shared package knows the commands only through the top-level command's list")
                .check(AMEND);
    }

    @Test
    void commandsGetTheRuntimeByInjection() {
        noClasses().that().resideInAPackage("dev.amend.cli..").and().doNotHaveSimpleName("CommandLineModule")
                .should().callMethod(AmendRuntime.class, "create", Path.class)
                .because("the runtime is made once, from the --plugins option of the command that runs")
                .check(AMEND);
        noClasses().that().resideInAPackage("dev.amend.cli..").and().doNotHaveSimpleName("GuiceFactory")
                .should().callMethod(Injector.class, "getInstance", Class.class)
                .orShould().callMethod(AmendRuntime.class, "injector")
                .because("commands declare what they need; only picocli's factory asks the injector")
                .check(AMEND);
    }

    @Test
    void providersUseNeitherGuiceNorPicocliNorTheRuntime() {
        noClasses().that().resideInAnyPackage("dev.amend.api..", "dev.amend.toolkit..", "dev.amend.models..",
                        "dev.amend.methods..", "dev.amend.metrics..", "dev.amend.trainers..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..",
                        "picocli..", "dev.amend.registry..", "dev.amend.harness..", "dev.amend.cli..")
                .check(AMEND);
    }

    @Test
    void theToolkitDependsOnNoProviderRegistryHarnessOrCommandLine() {
        noClasses().that().resideInAPackage("dev.amend.toolkit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.amend.models..", "dev.amend.methods..",
                        "dev.amend.metrics..", "dev.amend.trainers..", "dev.amend.registry..", "dev.amend.harness..",
                        "dev.amend.cli..", "dev.amend.testkit..")
                .because("plugins bundle the toolkit, which must need nothing but the api")
                .check(AMEND);
    }

    @Test
    void onlyTheToolkitMovesFilesIntoPlaceOrDigestsBytes() {
        noClasses().that().resideOutsideOfPackage(FILE_HELPERS)
                .should().callMethod(java.nio.file.Files.class, "move", java.nio.file.Path.class,
                        java.nio.file.Path.class, java.nio.file.CopyOption[].class)
                .orShould().callMethod(java.security.MessageDigest.class, "getInstance", String.class)
                .because("atomic writes (AtomicFiles) and SHA-256 (Hashing) are written once, in " + FILE_HELPERS)
                .check(AMEND);
    }

    @Test
    void onlyTheToolkitDeletesDirectoryTrees() {
        noClasses().that().resideOutsideOfPackage(FILE_HELPERS).should(walkAndDelete())
                .because("deleting a tree is written once, in FileTrees")
                .check(AMEND);
    }

    /** A class whose code both walks a tree and deletes files: a recursive delete of its own. */
    private static ArchCondition<JavaClass> walkAndDelete() {
        return new ArchCondition<>("walk a directory tree and delete what it finds") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Set<String> files = javaClass.getAccessesFromSelf().stream()
                        .filter(a -> a.getTargetOwner().isEquivalentTo(java.nio.file.Files.class))
                        .map(a -> a.getTarget().getName()).collect(Collectors.toSet());
                boolean both = files.contains("walk") && (files.contains("delete") || files.contains("deleteIfExists"));
                events.add(new SimpleConditionEvent(javaClass, both, javaClass.getName()
                        + " calls Files.walk and Files.delete" + (both ? "" : " (not both)")));
            }
        };
    }
}
