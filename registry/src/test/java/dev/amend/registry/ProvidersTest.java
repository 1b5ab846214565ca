package dev.amend.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.registry.fixtures.NudgeProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    private final AmendRuntime runtime = AmendRuntime.create(null);

    @Test
    void guiceBindsEachDiscoveredProviderInItsMapByLowerCaseName() {
        Map<String, EditMethodProvider<?>> methods = runtime.providers().methods();
        assertThat(methods).containsKey("nudge");
        assertThat(methods.get("nudge")).isInstanceOf(NudgeProvider.class);
        assertThat(runtime.providers().method("NUDGE")).isSameAs(methods.get("nudge"));
    }

    @Test
    void unknownNamesListTheKnownOnesWithADidYouMean() {
        assertThatThrownBy(() -> runtime.providers().method("nudeg"))
                .isInstanceOf(UnknownProviderException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown edit method 'nudeg' (did you mean 'nudge'?); known edit methods: nudge");
        assertThatThrownBy(() -> runtime.providers().trainer("mend"))
                .hasMessageStartingWith("unknown trainer 'mend'; known trainers: none");
    }

    @Test
    void modelTypesWithoutAnAdapterAreBadInput() {
        assertThatThrownBy(() -> runtime.providers().adapterForModelType("gpt2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("no model adapter loads model_type 'gpt2'; model types served: none");
    }
}
