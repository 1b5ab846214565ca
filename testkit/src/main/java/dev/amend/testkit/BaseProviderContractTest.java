package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderKind;
import dev.amend.registry.discovery.ProviderChecks;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.HParamsReference;
import dev.amend.registry.hparams.InvalidHParamsException;
import dev.amend.registry.hparams.Presets;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The rules every provider follows, whatever its kind. Extend one of the kind-specific suites rather than this.
 *
 * @param <H> the provider's hparams
 * @param <P> the provider type
 */
public abstract class BaseProviderContractTest<H extends HParams, P extends NamedProvider<H, ?>> {

    /** {@return a fresh provider instance, as ServiceLoader would make it} */
    protected abstract P provider();

    /** {@return which plugin type this is} */
    protected abstract ProviderKind kind();

    /** {@return hparams to test with; by default the provider's defaults ({@code presets/default.yaml})} */
    protected H exampleHParams() {
        return new HParamsCodec().defaults(provider()).orElseThrow(() -> new AssertionError(
                "the provider has no default hparams: override exampleHParams() in the contract test"));
    }

    /** {@return how long constructing the provider and calling {@code create} may take: they must do no heavy work} */
    protected Duration cheapLimit() {
        return Duration.ofSeconds(1);
    }

    @Test
    void followsTheProviderRules() {
        assertThat(ProviderChecks.problems(provider())).as("provider rule violations").isEmpty();
    }

    @Test
    void isRegisteredWithServiceLoader() {
        // the provider's own class loader: the class path's, or a plugin's when the provider came from a plugins folder
        List<String> registered = ServiceLoader.load(kind().serviceType(), provider().getClass().getClassLoader())
                .stream().map(p -> p.type().getName()).toList();
        assertThat(registered).as("META-INF/services/" + kind().serviceType().getName() + " lists the provider")
                .contains(provider().getClass().getName());
    }

    @Test
    void hparamsRoundTripThroughYaml() {
        HParamsCodec codec = new HParamsCodec();
        H example = exampleHParams();
        String yaml = codec.toYaml(provider(), example);
        assertThat(codec.parse(provider(), yaml, "round trip").hparams()).isEqualTo(example);
    }

    @Test
    void everyHParamsKeySaysWhatItMeans() {
        var keys = new HParamsReference(new HParamsCodec()).keys(provider());   // throws naming undocumented keys
        assertThat(keys).as("keys of " + provider().hparamsType().getName())
                .hasSize(provider().hparamsType().getRecordComponents().length);
    }

    @Test
    void everyPresetAndTheDefaultsParseAndValidate() {
        HParamsCodec codec = new HParamsCodec();
        codec.defaults(provider());   // throws naming the file and key when default.yaml is wrong
        for (String preset : Presets.names(provider())) {
            H parsed = codec.parse(provider(), Presets.text(provider(), preset), Presets.resource(provider(), preset))
                    .hparams();
            assertThat(parsed).as(preset).isInstanceOf(provider().hparamsType());
        }
    }

    @Test
    void unknownHParamsKeysAreRejectedWithTheValidKeys() {
        HParamsCodec codec = new HParamsCodec();
        assertThatThrownBy(() -> codec.parse(provider(), "no_such_key_anywhere: 1\n", "contract.yaml"))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessageContaining("unknown key 'no_such_key_anywhere'")
                .hasMessageContaining("valid keys");
    }

    @Test
    void constructingTheProviderAndCreatingAreCheap() throws ReflectiveOperationException {
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            long start = System.nanoTime();
            @SuppressWarnings("unchecked")
            P fresh = (P) provider().getClass().getDeclaredConstructor().newInstance();
            fresh.name();
            fresh.description();
            fresh.create(exampleHParams());
            best = Math.min(best, System.nanoTime() - start);
        }
        assertThat(Duration.ofNanos(best)).as("provider construction + create()").isLessThan(cheapLimit());
    }
}
