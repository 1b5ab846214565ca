package dev.amend.toolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * (prompt, answer) pairs laid out for teacher forcing, as EasyEdit does for its metrics and fine-tuning methods.
 * Decoder-only models read {@code prompt + " " + answer} (minus its last token), and the answer tokens are those of
 * that text after the prompt's own tokens; encoder-decoder models read the prompt in the encoder and, in the decoder,
 * the answer after the decoder start token. Used by metrics (the model's argmax at each answer
 * token) and by methods (the answer's negative log-likelihood).
 */
public final class TeacherForcing {

    private final TokenBatch batch;
    private final List<int[]> answers;
    private final int[] firstPrediction;

    private TeacherForcing(TokenBatch batch, List<int[]> answers, int[] firstPrediction) {
        this.batch = batch;
        this.answers = answers;
        this.firstPrediction = firstPrediction;
    }

    /**
     * {@return {@code probes} tokenized for {@code model} (with the special tokens its inputs get)}
     *
     * @param model the model whose tokenizer encodes the probes
     * @param probes prompts with their expected answers
     * @throws InvalidInputException when an answer adds no token after its prompt
     */
    public static TeacherForcing of(LanguageModel model, List<Probe> probes) {
        Tokenizer tok = model.tokenizer();
        boolean encoderDecoder = model.spec().architecture() == Architecture.ENCODER_DECODER;
        List<int[]> inputs = new ArrayList<>();
        List<int[]> decoderInputs = new ArrayList<>();
        List<int[]> answers = new ArrayList<>();
        int[] first = new int[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            if (encoderDecoder) {
                int[] answer = tok.encode(probe.answer(), true);
                int[] decoder = new int[answer.length];
                decoder[0] = model.decoderStartId();
                System.arraycopy(answer, 0, decoder, 1, answer.length - 1);
                inputs.add(tok.encode(probe.prompt(), true));
                decoderInputs.add(decoder);
                answers.add(answer);
            } else {
                Row row = decoderOnly(tok, probe);
                inputs.add(row.input());
                answers.add(row.answer());
                first[i] = row.promptEnd();
            }
        }
        TokenBatch batch = encoderDecoder ? TokenBatch.encoderDecoder(inputs, decoderInputs) : TokenBatch.of(inputs);
        return new TeacherForcing(batch, answers, first);
    }

    /**
     * One decoder-only probe as EasyEdit's {@code evaluate_utils.py test_prediction_acc} lays it out: the model reads
     * {@code prompt + " " + answer} tokenized with the special tokens (minus its last token); the answer tokens are
     * that text's ids after as many as the prompt alone has (a count: where the prompt's last token merges with the
     * answer, the labels start inside it, as in EasyEdit); the output at {@code promptEnd + i} predicts answer token i.
     *
     * @param input     the ids the model reads
     * @param answer    the answer's ids (the labels)
     * @param promptEnd the index of the prompt's last token
     */
    public record Row(int[] input, int[] answer, int promptEnd) {}

    /**
     * {@return {@code probe} laid out for teacher forcing on a decoder-only model}
     *
     * @param tok the model's tokenizer
     * @param probe the prompt and its answer
     * @throws InvalidInputException when the answer adds no token after its prompt (EasyEdit's mean is then NaN and
     *                               the probe dropped)
     */
    public static Row decoderOnly(Tokenizer tok, Probe probe) {
        int[] prompt = tok.encode(probe.prompt(), true);
        int[] full = tok.encode(probe.prompt() + " " + probe.answer(), true);
        if (full.length <= prompt.length) {
            throw new InvalidInputException("answer '" + probe.answer() + "' adds no token after prompt '"
                    + probe.prompt() + "'");
        }
        return new Row(Arrays.copyOf(full, full.length - 1), Arrays.copyOfRange(full, prompt.length, full.length),
                prompt.length - 1);
    }

    /** {@return what to feed the model} */
    public TokenBatch batch() {
        return batch;
    }

    /** {@return the number of probes (rows of the batch)} */
    public int size() {
        return answers.size();
    }

    /**
     * {@return the answer's token ids for {@code row}}
     *
     * @param row the row's index in the batch
     */
    public int[] answer(int row) {
        return answers.get(row).clone();
    }

    /**
     * {@return the index of {@code row}'s last prompt token among its tokens (decoder-only models): the position whose
     * output predicts the answer's first token}
     *
     * @param row the row's index in the batch
     */
    public int promptEnd(int row) {
        return firstPrediction[row];
    }

    /**
     * {@return the model's argmax at each of {@code row}'s answer positions, from the output of {@link #batch()}}
     *
     * @param output a forward pass over this object's batch
     * @param row the row's index in the batch
     */
    public int[] predicted(ModelOutput output, int row) {
        long[] argmax = output.logits(row).argMax(-1).toLongArray();
        int[] answer = answers.get(row);
        int[] predicted = new int[answer.length];
        for (int i = 0; i < answer.length; i++) {
            predicted[i] = (int) argmax[firstPrediction[row] + i];
        }
        return predicted;
    }

    /**
     * {@return {@code row}'s mean {@code -log p(answer token)} from the output of {@link #batch()}, in double
     * precision: the figure ROME's CounterFact scores compare between two answers} Not differentiable.
     *
     * @param output a forward pass over this object's batch
     * @param row the row's index in the batch
     */
    public double meanNegativeLogLikelihood(ModelOutput output, int row) {
        int[] answer = answers.get(row);
        NDArray positions = output.logits(row).get(new ai.djl.ndarray.index.NDIndex("{}:{}", firstPrediction[row],
                firstPrediction[row] + answer.length));
        float[] logProbs = positions.logSoftmax(-1).toFloatArray();
        int vocab = logProbs.length / answer.length;
        double sum = 0;
        for (int i = 0; i < answer.length; i++) {
            sum -= logProbs[i * vocab + answer[i]];
        }
        return sum / answer.length;
    }

    /**
     * {@return the mean over rows of each row's mean {@code -log p(answer token)} (EasyEdit's loss: every prompt weighs
     * the same whatever its answer's length), differentiable} Written without scalar {@code Number} arithmetic on
     * tensors, so that it is safe inside a {@code GradientCollector}.
     *
     * @param manager receives the arrays created; keep it open until backward is done
     * @param output a forward pass over this object's batch
     */
    public NDArray meanNegativeLogLikelihood(NDManager manager, ModelOutput output) {
        int rows = answers.size();
        return weightedNegativeLogLikelihood(manager, output, answers, firstPrediction,
                (row, length) -> 1.0 / (rows * length));
    }

    /**
     * {@return {@code -Σ weight(row, answer length) · log p(answer token)} over every answer token of this object's
     * batch, differentiable} For losses that weigh tokens otherwise than {@link #meanNegativeLogLikelihood}.
     *
     * @param manager receives the arrays created; keep it open until backward is done
     * @param output a forward pass over this object's batch
     * @param weight each answer token's weight, given its row and the row's answer length
     */
    public NDArray weightedNegativeLogLikelihood(NDManager manager, ModelOutput output, TokenWeight weight) {
        return weightedNegativeLogLikelihood(manager, output, answers, firstPrediction, weight);
    }

    /** The weight of each answer token of a row in a summed negative log-likelihood. */
    @FunctionalInterface
    public interface TokenWeight {
        /**
         * {@return the weight of each of the row's answer tokens}
         *
         * @param row the row's index in the batch
         * @param answerLength the row's number of answer tokens
         */
        double of(int row, int answerLength);
    }

    /**
     * {@return {@code -Σ weight(row, length) · log p(answers[row][i])} with answer token {@code i} of row {@code row}
     * predicted at position {@code firstPrediction[row] + i}, differentiable} Written without scalar {@code Number}
     * arithmetic on tensors (one weighted one-hot product), so that it is safe inside a {@code GradientCollector}; shared
     * by every method whose loss is a weighted target negative log-likelihood.
     *
     * @param manager receives the arrays created; keep it open until backward is done
     * @param output a forward pass whose rows are the answers' rows
     * @param answers each row's answer token ids
     * @param firstPrediction each row's position (unpadded) whose output predicts its first answer token
     * @param weight each answer token's weight
     */
    public static NDArray weightedNegativeLogLikelihood(NDManager manager, ModelOutput output, List<int[]> answers,
                                                        int[] firstPrediction, TokenWeight weight) {
        BatchLayout layout = output.layout();
        int t = layout.paddedLength();
        long[] targets = new long[layout.rows() * t];
        float[] weights = new float[layout.rows() * t];
        for (int row = 0; row < layout.rows(); row++) {
            int[] answer = answers.get(row);
            float w = (float) weight.of(row, answer.length);
            for (int i = 0; i < answer.length; i++) {
                int position = layout.index(row, firstPrediction[row] + i);
                targets[row * t + position] = answer[i];
                weights[row * t + position] = w;
            }
        }
        NDArray logits = output.logits();
        NDArray oneHot = manager.create(targets, new Shape(layout.rows(), t)).oneHot((int) logits.getShape().get(2));
        NDArray tokenLogProb = logits.logSoftmax(-1).mul(oneHot).sum(new int[] {-1});
        return tokenLogProb.mul(manager.create(weights, new Shape(layout.rows(), t))).sum().neg();
    }
}
