package dev.amend.metrics;

import ai.djl.ndarray.NDManager;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * EasyEdit's {@code test_prediction_acc}: the prompt followed by the answer, teacher-forced; for each answer token,
 * the model's top prediction at the position before it. Decoder-only models read {@code prompt + " " + answer} and the
 * answer tokens are those after the prompt's own tokens; encoder-decoder models read the prompt in the encoder and
 * the answer, after the decoder start token (the pad id, as T5), in the decoder.
 */
final class TeacherForcing {

    /** Rows per forward pass. */
    private static final int CHUNK = 32;

    private TeacherForcing() {}

    /**
     * Per probe: the answer's token ids and the model's predictions for them.
     *
     * @param answers the expected answer ids (for the edited fact, the probe's answer)
     * @param predicted the model's argmax at each answer position
     */
    record Teacher(int[] answers, int[] predicted) {

        /** Fraction of answer tokens predicted. */
        double accuracy() {
            int hits = 0;
            for (int i = 0; i < answers.length; i++) {
                hits += answers[i] == predicted[i] ? 1 : 0;
            }
            return (double) hits / answers.length;
        }

        /** Fraction of positions where this and {@code other} predict the same token. */
        double agreement(Teacher other) {
            int same = 0;
            for (int i = 0; i < predicted.length; i++) {
                same += predicted[i] == other.predicted[i] ? 1 : 0;
            }
            return (double) same / predicted.length;
        }
    }

    /** Teacher-forced predictions for each probe, in order, batched. */
    static List<Teacher> run(LanguageModel model, List<Probe> probes) {
        List<Teacher> out = new ArrayList<>(probes.size());
        for (int from = 0; from < probes.size(); from += CHUNK) {
            out.addAll(chunk(model, probes.subList(from, Math.min(probes.size(), from + CHUNK))));
        }
        return out;
    }

    private static List<Teacher> chunk(LanguageModel model, List<Probe> probes) {
        Tokenizer tok = model.tokenizer();
        boolean encoderDecoder = model.spec().architecture() == Architecture.ENCODER_DECODER;
        List<int[]> inputs = new ArrayList<>();
        List<int[]> decoderInputs = new ArrayList<>();
        List<int[]> answers = new ArrayList<>();
        List<Integer> firstPrediction = new ArrayList<>();
        for (Probe probe : probes) {
            if (encoderDecoder) {
                int[] answer = tok.encode(probe.answer(), true);
                int[] decoder = new int[answer.length];
                decoder[0] = tok.padId();
                System.arraycopy(answer, 0, decoder, 1, answer.length - 1);
                inputs.add(tok.encode(probe.prompt(), true));
                decoderInputs.add(decoder);
                answers.add(answer);
                firstPrediction.add(0);
            } else {
                int[] prompt = tok.encode(probe.prompt(), true);
                int[] full = tok.encode(probe.prompt() + " " + probe.answer(), true);
                if (full.length <= prompt.length) {
                    throw new InvalidInputException("answer '" + probe.answer() + "' adds no token after prompt '"
                            + probe.prompt() + "'");
                }
                inputs.add(Arrays.copyOf(full, full.length - 1));
                answers.add(Arrays.copyOfRange(full, prompt.length, full.length));
                firstPrediction.add(prompt.length - 1);
            }
        }
        TokenBatch batch = encoderDecoder ? TokenBatch.encoderDecoder(inputs, decoderInputs) : TokenBatch.of(inputs);
        List<Teacher> results = new ArrayList<>();
        try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
            ModelOutput output = model.forward(scratch, batch);
            for (int row = 0; row < probes.size(); row++) {
                long[] argmax = output.logits(row).argMax(-1).toLongArray();
                int[] answer = answers.get(row);
                int[] predicted = new int[answer.length];
                for (int i = 0; i < answer.length; i++) {
                    predicted[i] = (int) argmax[firstPrediction.get(row) + i];
                }
                results.add(new Teacher(answer, predicted));
            }
        }
        return results;
    }
}
