package dev.amend.methods;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Methods keep no state between calls in static fields: what outlives a call lives in the edit's state (saved with it)
 * or in the model's cache (closed with the model). So a static field of a method holds only an immutable value: a
 * primitive, a string, a boxed number, an enum constant, a compiled pattern or a record of such values.
 */
class NoStaticStateTest {

    private static final JavaClasses METHODS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.amend.methods");

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Double.class,
            Float.class, Short.class, Byte.class, Character.class, Boolean.class, Pattern.class);

    @Test
    void noStaticFieldHoldsACollectionAManagerOrAnythingElseMutable() {
        fields().that(areStaticAndWritten()).should(holdAnImmutableValue())
                .because("state that outlives a call belongs in the edit's state or the model's cache")
                .allowEmptyShould(true)
                .check(METHODS);
    }

    /** Static fields a programmer wrote (not the compiler's, such as an enum's {@code $VALUES}). */
    private static DescribedPredicate<JavaField> areStaticAndWritten() {
        return DescribedPredicate.describe("are static and not synthetic",
                f -> f.getModifiers().contains(JavaModifier.STATIC) && !f.getModifiers().contains(JavaModifier.SYNTHETIC));
    }

    private static ArchCondition<JavaField> holdAnImmutableValue() {
        return new ArchCondition<>("be final and hold an immutable value") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                boolean ok = field.getModifiers().contains(JavaModifier.FINAL) && immutable(field.getRawType());
                events.add(new SimpleConditionEvent(field, ok, field.getFullName() + " is " + (ok ? "" : "not ")
                        + "a final field of an immutable type (" + field.getRawType().getName() + ")"));
            }
        };
    }

    static boolean immutable(JavaClass type) {
        if (type.isPrimitive() || type.isEnum() || IMMUTABLE.stream().anyMatch(type::isEquivalentTo)) {
            return true;
        }
        return type.isRecord() && type.getFields().stream()
                .filter(f -> !f.getModifiers().contains(JavaModifier.STATIC))
                .allMatch(f -> immutable(f.getRawType()));
    }
}
