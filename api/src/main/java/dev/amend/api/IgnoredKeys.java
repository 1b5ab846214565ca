package dev.amend.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keys of EasyEdit hparams files that this record accepts and reports as ignored instead of rejecting, for
 * example EasyEdit's module pointers ({@code layer_module_tmp}) that Amend resolves through the model adapter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IgnoredKeys {
    /** {@return the snake_case keys} */
    String[] value();
}
