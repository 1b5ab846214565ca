package dev.amend.api.edit;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;

/**
 * Plugs an editing method into Amend. Found through {@code META-INF/services/dev.amend.api.edit.EditMethodProvider}.
 */
public interface EditMethodProvider<H extends HParams> extends NamedProvider<H, EditMethod> {

    /** {@return what the method can do and needs; the harness plans from this alone} */
    MethodCapabilities capabilities();
}
