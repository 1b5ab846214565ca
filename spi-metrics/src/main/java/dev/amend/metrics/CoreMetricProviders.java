package dev.amend.metrics;

import dev.amend.api.NoHParams;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.toolkit.provider.MetricProviderBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The providers of the four core metrics; each is registered in {@code META-INF/services}. */
public final class CoreMetricProviders {

    private CoreMetricProviders() {}

    /**
     * The scoring every teacher-forced metric names in its report line: EasyEdit's default
     * ({@code evaluate_utils.py test_prediction_acc}; {@code metric_meta} protocol
     * {@code decoder_only_teacher_forcing}). The generation-based one is {@link VanillaGenerationProvider}.
     */
    static final String TEACHER_FORCING = "scoring decoder_only_teacher_forcing (EasyEdit's default: prompt + ' ' + "
            + "answer with the special tokens; the labels follow as many tokens as the prompt alone has)";

    /** Accuracy on the edit prompt with the new target. */
    public static final class Reliability extends MetricProviderBase<NoHParams> {
        /** Describes the metric; does no work. */
        public Reliability() {
            super("reliability",
                    "teacher-forced token accuracy of target_new after the edit prompt (EasyEdit rewrite_acc)",
                    NoHParams.class, true,
                    h -> new AnswerAccuracy("reliability", "reliability: mean over target_new tokens of (argmax == "
                            + "token) with prompt + ' ' + target_new teacher-forced (EasyEdit rewrite_acc); "
                            + TEACHER_FORCING,
                            r -> Map.of("edit", List.of(new Probe(r.filledPrompt(), r.targetNew())))));
        }
    }

    /** Accuracy on the rephrased prompts with the new target. */
    public static final class Generalization extends MetricProviderBase<NoHParams> {
        /** Describes the metric; does no work. */
        public Generalization() {
            super("generalization",
                    "teacher-forced token accuracy of target_new after each rephrase prompt (EasyEdit rephrase_acc)",
                    NoHParams.class, true,
                    h -> new AnswerAccuracy("generalization", "generalization: reliability's token accuracy on each "
                            + "rephrase prompt, averaged over rephrases (EasyEdit rephrase_acc); " + TEACHER_FORCING,
                            Generalization::probes));
        }

        private static Map<String, List<Probe>> probes(EditRequest r) {
            if (r.rephrasePrompts().isEmpty()) {
                return Map.of();
            }
            return Map.of("rephrase", r.rephrasePrompts().stream().map(p -> new Probe(p, r.targetNew())).toList());
        }
    }

    /** Accuracy on the portability probes with their answers. */
    public static final class Portability extends MetricProviderBase<NoHParams> {
        /** Describes the metric; does no work. */
        public Portability() {
            super("portability",
                    "teacher-forced token accuracy of each portability probe's answer (EasyEdit portability)",
                    NoHParams.class, true,
                    h -> new AnswerAccuracy("portability", "portability: token accuracy of each portability probe's "
                            + "answer after its prompt, teacher-forced; mean over probes, per group as "
                            + "portability.<group> (EasyEdit); " + TEACHER_FORCING,
                            r -> new LinkedHashMap<>(r.portabilityProbes())));
        }
    }

    /** Agreement with the unedited model on the locality probes. */
    public static final class LocalityProvider extends MetricProviderBase<NoHParams> {
        /** Describes the metric; does no work. */
        public LocalityProvider() {
            super("locality",
                    "fraction of locality-probe answer positions whose argmax the edit left unchanged (EasyEdit)",
                    NoHParams.class, true, h -> new Locality());
        }
    }

    /** ROME's CounterFact probability scores: efficacy, paraphrase and neighborhood ({@link CounterFactScores}). */
    public static final class CounterFact extends MetricProviderBase<NoHParams> {
        /** Describes the metric; does no work. */
        public CounterFact() {
            super("counterfact",
                    "ROME's probability scores: efficacy, paraphrase, neighborhood (P(new) > P(true)) per request",
                    NoHParams.class, true, h -> new CounterFactScores());
        }
    }
}
