package dev.amend.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * {@code api} holds only what a third party must agree on: interfaces, records, enums, annotations and exceptions.
 * Implementations live in the toolkit; the only code an interface may carry is a default or static method (or a
 * constant) that delegates to other api types.
 */
class ApiIsContractOnlyTest {

    static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.amend.api");

    /** What a contract type is: a shape two parties agree on, not a piece of machinery. */
    static final DescribedPredicate<JavaClass> CONTRACT_TYPE = DescribedPredicate.describe(
            "an interface, record, enum, annotation or exception",
            c -> c.isInterface() || c.isRecord() || c.isEnum() || c.isAnnotation() || c.isAssignableTo(Throwable.class));

    /** Code that reaches only api types (their methods, constructors and fields). */
    static final ArchCondition<JavaCodeUnit> DELEGATE_ONLY_TO_API_TYPES =
            new ArchCondition<>("only delegate to other api types") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
                        JavaClass target = access.getTargetOwner();
                        boolean api = target.getPackageName().startsWith("dev.amend.api");
                        events.add(new SimpleConditionEvent(access, api || target.isEquivalentTo(Object.class),
                                access.getDescription()));
                    }
                }
            };

    @Test
    void everyApiClassIsAContractType() {
        classes().that().doNotHaveSimpleName("package-info").should(ArchConditions.be(CONTRACT_TYPE))
                .because("implementations belong in the toolkit, which plugins may bundle")
                .check(API);
    }

    @Test
    void interfaceCodeOnlyDelegatesToOtherApiTypes() {
        codeUnits().that().areDeclaredInClassesThat().areInterfaces()
                .should(DELEGATE_ONLY_TO_API_TYPES)
                .because("a default method with logic is an implementation in the contract")
                .allowEmptyShould(true)
                .check(API);
    }
}
