package dev.amend.methods.memit;

import dev.amend.api.HParams;
import dev.amend.methods.locate.ContextHParams;
import dev.amend.methods.locate.StatsHParams;
import dev.amend.methods.locate.TargetHParams;
import java.util.List;

/** What MEMIT and the methods built on it (AlphaEdit) read from their hparams. */
public interface MemitSettings extends HParams, TargetHParams, StatsHParams, ContextHParams {

    /** EasyEdit's MEMIT always generates {@code [[10, 5]]}: the templates used when the key is absent. */
    List<List<Integer>> EASYEDIT_CONTEXTS = List.of(List.of(10, 5));

    /** The layers the update is spread over, increasing; the target is set after the last one. */
    List<Integer> layers();

    /** {@code mom2_update_weight}: λ, the weight of the preserved keys' statistics. */
    double mom2UpdateWeight();
}
