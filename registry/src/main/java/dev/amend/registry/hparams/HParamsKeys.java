package dev.amend.registry.hparams;

import java.util.Set;

/** Keys that any hparams file may carry, beyond its record's own. */
public final class HParamsKeys {

    /** The method (or other provider) the file is for; checked against the provider's name, ignoring case. */
    public static final String ALG_NAME = "alg_name";

    /** The model directory the file is meant for, as in EasyEdit; used by the {@code Editor} facade. */
    public static final String MODEL_NAME = "model_name";

    /** EasyEdit keys that describe the Python runtime and mean nothing here: accepted and reported as ignored. */
    public static final Set<String> IGNORED_EVERYWHERE = Set.of("device", "model_parallel", "fp16", "bf16");

    /**
     * Keys that only EasyEdit's multimodal hparams carry ({@code name}, the vision tower's and the image folders'
     * paths: {@code MultimodalHparams} classes such as {@code MENDMultimodalHparams}): a file holding one is refused
     * as multimodal, not for an unknown key, unless the record itself has that key.
     */
    public static final Set<String> MULTIMODAL = Set.of("name", "qformer_checkpoint", "qformer_name_or_path",
            "state_dict_file", "coco_image", "rephrase_image");

    private HParamsKeys() {}
}
