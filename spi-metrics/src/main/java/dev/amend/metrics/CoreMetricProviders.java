package dev.amend.metrics;

import dev.amend.api.NoHParams;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.metric.MetricProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers of the four core metrics; each is registered in {@code META-INF/services}. */
public final class CoreMetricProviders {

    private CoreMetricProviders() {}

    /** Shared shape of the four providers: no options, one metric. */
    abstract static class Base implements MetricProvider<NoHParams> {
        @Override
        public Class<NoHParams> hparamsType() {
            return NoHParams.class;
        }

        @Override
        public Optional<NoHParams> defaultHParams() {
            return Optional.of(new NoHParams());
        }
    }

    /** Accuracy on the edit prompt with the new target. */
    public static final class Reliability extends Base {
        @Override
        public String name() {
            return "reliability";
        }

        @Override
        public String description() {
            return "teacher-forced token accuracy of target_new after the edit prompt (EasyEdit rewrite_acc)";
        }

        @Override
        public Metric<?> create(NoHParams hparams) {
            return new AnswerAccuracy("reliability", "reliability: mean over target_new tokens of (argmax == token) "
                    + "with prompt + ' ' + target_new teacher-forced (EasyEdit rewrite_acc)",
                    r -> Map.of("edit", List.of(new Probe(r.filledPrompt(), r.targetNew()))));
        }
    }

    /** Accuracy on the rephrased prompts with the new target. */
    public static final class Generalization extends Base {
        @Override
        public String name() {
            return "generalization";
        }

        @Override
        public String description() {
            return "teacher-forced token accuracy of target_new after each rephrase prompt (EasyEdit rephrase_acc)";
        }

        @Override
        public Metric<?> create(NoHParams hparams) {
            return new AnswerAccuracy("generalization", "generalization: reliability's token accuracy on each "
                    + "rephrase prompt, averaged over rephrases (EasyEdit rephrase_acc)", Generalization::probes);
        }

        private static Map<String, List<Probe>> probes(EditRequest r) {
            if (r.rephrasePrompts().isEmpty()) {
                return Map.of();
            }
            return Map.of("rephrase", r.rephrasePrompts().stream().map(p -> new Probe(p, r.targetNew())).toList());
        }
    }

    /** Accuracy on the portability probes with their answers. */
    public static final class Portability extends Base {
        @Override
        public String name() {
            return "portability";
        }

        @Override
        public String description() {
            return "teacher-forced token accuracy of each portability probe's answer (EasyEdit portability)";
        }

        @Override
        public Metric<?> create(NoHParams hparams) {
            return new AnswerAccuracy("portability", "portability: token accuracy of each portability probe's answer "
                    + "after its prompt, teacher-forced; mean over probes, per group as portability.<group> (EasyEdit)",
                    r -> new LinkedHashMap<>(r.portabilityProbes()));
        }
    }

    /** Agreement with the unedited model on the locality probes. */
    public static final class LocalityProvider extends Base {
        @Override
        public String name() {
            return "locality";
        }

        @Override
        public String description() {
            return "fraction of locality-probe answer positions whose argmax the edit left unchanged (EasyEdit)";
        }

        @Override
        public Metric<?> create(NoHParams hparams) {
            return new Locality();
        }
    }
}
