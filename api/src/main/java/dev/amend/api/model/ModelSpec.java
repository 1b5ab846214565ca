package dev.amend.api.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;

/**
 * The facts about a loaded model that methods and reports need.
 *
 * @param modelType      {@code config.json}'s {@code model_type}, such as {@code gpt2} or {@code llama}
 * @param architecture   decoder-only or encoder-decoder
 * @param vocabSize      number of token ids
 * @param hiddenSize     width of the residual stream
 * @param numLayers      decoder blocks
 * @param numEncoderLayers encoder blocks (0 for decoder-only models)
 * @param numHeads       attention heads
 * @param mlpSize        width of the MLP keys
 * @param maxPositions   longest input the model accepts
 * @param storedType     the dtype of the weights on disk (computation is float32 on CPU)
 * @param device         where the weights live
 */
public record ModelSpec(String modelType, Architecture architecture, int vocabSize, int hiddenSize, int numLayers,
                        int numEncoderLayers, int numHeads, int mlpSize, int maxPositions, DataType storedType,
                        Device device) {

    /**
     * Checks the description: every size positive, every part given, encoder layers exactly for encoder-decoder
     * models.
     *
     * @param modelType {@code config.json}'s {@code model_type}, such as {@code gpt2} or {@code llama}
     * @param architecture decoder-only or encoder-decoder
     * @param vocabSize number of token ids
     * @param hiddenSize width of the residual stream
     * @param numLayers decoder blocks
     * @param numEncoderLayers encoder blocks (0 for decoder-only models)
     * @param numHeads attention heads
     * @param mlpSize width of the MLP keys
     * @param maxPositions longest input the model accepts
     * @param storedType the dtype of the weights on disk (computation is float32 on CPU)
     * @param device where the weights live
     */
    public ModelSpec {
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(storedType, "storedType");
        Objects.requireNonNull(device, "device");
        requirePositive("vocabSize", vocabSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("numLayers", numLayers);
        requirePositive("numHeads", numHeads);
        requirePositive("mlpSize", mlpSize);
        requirePositive("maxPositions", maxPositions);
        if ((architecture == Architecture.ENCODER_DECODER) != (numEncoderLayers > 0)) {
            throw new IllegalArgumentException("numEncoderLayers must be > 0 exactly for encoder-decoder models, got "
                    + numEncoderLayers + " for " + architecture);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
