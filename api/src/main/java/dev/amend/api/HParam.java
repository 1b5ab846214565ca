package dev.amend.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one key of an {@link HParams} record: what it means and which EasyEdit key it matches. The hparams
 * reference ({@code docs/reference/hparams.md}, written by {@code amend docs}) is generated from these annotations,
 * so the record is the one place a key is described; every component of a provider's record must carry one.
 *
 * <pre>{@code
 * public record MyHParams(
 *         @HParam("learning rate of the edit's optimisation steps") double lr,
 *         @HParam(value = "Amend's option: stop once the loss is below this", easyEdit = HParam.AMEND_ONLY)
 *         double stopLoss) implements HParams {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface HParam {

    /** {@link #easyEdit()}'s default: EasyEdit's hparams files spell this key the same way. */
    String SAME_KEY = "=";

    /** {@link #easyEdit()} for a key of Amend's own that EasyEdit's files do not have. */
    String AMEND_ONLY = "";

    /** {@return what the key means, in one or two sentences: its effect, its unit, the values it takes} */
    String value();

    /**
     * {@return the EasyEdit key this one matches: {@link #SAME_KEY} (the default), {@link #AMEND_ONLY}, or the EasyEdit
     * name where it differs (for example a key of EasyEdit's trainer configuration)}
     */
    String easyEdit() default SAME_KEY;

    /**
     * {@return how the reference names the key's type, where the component's Java type says it badly (a custom class
     * that reads several YAML forms, say); empty to name it from the Java type}
     */
    String type() default "";
}
