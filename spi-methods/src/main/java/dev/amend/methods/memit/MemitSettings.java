package dev.amend.methods.memit;

import dev.amend.api.HParams;
import dev.amend.methods.locate.ContextHParams;
import dev.amend.methods.locate.StatsHParams;
import dev.amend.methods.locate.TargetHParams;
import java.util.List;

/** What MEMIT and the methods built on it (AlphaEdit) read from their hparams. */
public interface MemitSettings extends HParams, TargetHParams, StatsHParams, ContextHParams {

    /** {@return EasyEdit's MEMIT templates, {@code [[10, 5]]}: the ones used when the key is absent} */
    static List<List<Integer>> easyEditContexts() {
        return List.of(List.of(10, 5));
    }

    /** The layers the update is spread over, increasing; the target is set after the last one. */
    List<Integer> layers();

    /** {@code mom2_update_weight}: λ, the weight of the preserved keys' statistics. */
    double mom2UpdateWeight();
}
