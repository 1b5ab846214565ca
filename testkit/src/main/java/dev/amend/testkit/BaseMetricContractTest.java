package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.HParams;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.metric.Metric;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of a metric: it states its semantics, gives one map of finite scores per request, and is a pure
 * function of its inputs (the same model and requests give the same scores).
 */
public abstract class BaseMetricContractTest<H extends HParams> extends BaseProviderContractTest<H, MetricProvider<H>> {

    @Override
    protected final ProviderKind kind() {
        return ProviderKind.METRIC;
    }

    /** {@return the model the metric is scored on} */
    protected LanguageModel model() {
        return TinyModels.random(7);
    }

    /** {@return requests to score} */
    protected List<EditRequest> requests() {
        return TinyFacts.requests();
    }

    @Test
    void statesItsSemantics() {
        assertThat(provider().create(exampleHParams()).semantics()).isNotBlank();
    }

    @Test
    void givesOneMapOfFiniteScoresPerRequest() {
        try (LanguageModel model = model()) {
            List<Map<String, Double>> scores = scoreTwice(provider().create(exampleHParams()), model).get(0);
            assertThat(scores).hasSameSizeAs(requests());
            scores.forEach(s -> s.forEach((name, value) -> {
                assertThat(name).isNotBlank();
                assertThat(value).as(name).isFinite();
            }));
        }
    }

    @Test
    void isAPureFunctionOfItsInputs() {
        try (LanguageModel model = model()) {
            List<List<Map<String, Double>>> twice = scoreTwice(provider().create(exampleHParams()), model);
            assertThat(twice.get(1)).isEqualTo(twice.get(0));
        }
    }

    private <S> List<List<Map<String, Double>>> scoreTwice(Metric<S> metric, LanguageModel model) {
        List<S> first = metric.observe(model, requests());
        List<S> second = metric.observe(model, requests());
        assertThat(first).hasSameSizeAs(requests());
        return List.of(metric.score(model, requests(), first), metric.score(model, requests(), second));
    }
}
