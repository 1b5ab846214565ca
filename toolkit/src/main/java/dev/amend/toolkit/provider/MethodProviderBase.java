package dev.amend.toolkit.provider;

import dev.amend.api.HParams;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import java.util.Objects;
import java.util.function.Function;

/**
 * An editing method's provider in a few lines: a subclass passes its name, description, hparams type, capabilities
 * and factory to this constructor.
 *
 * @param <H> the method's hparams
 */
public abstract class MethodProviderBase<H extends HParams> extends ProviderBase<H, EditMethod>
        implements EditMethodProvider<H> {

    private final MethodCapabilities capabilities;

    /**
     * @param name the name users type
     * @param description one line for listings
     * @param hparamsType the hparams record
     * @param capabilities what the method can do and needs
     * @param factory makes the method from validated hparams
     */
    protected MethodProviderBase(String name, String description, Class<H> hparamsType,
                                 MethodCapabilities capabilities, Function<? super H, ? extends EditMethod> factory) {
        super(name, description, hparamsType, factory);
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    }

    @Override
    public final MethodCapabilities capabilities() {
        return capabilities;
    }
}
