package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLimitsTest {

    private static final long GB = 1_000_000_000L;

    @Test
    void moreRequestsThanTheLimitAreRefusedWhateverTheMemory() {
        assertThatThrownBy(() -> BatchLimits.require("memit", 1_000_000, 1, Long.MAX_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("memit takes at most 100000 requests in one batch, got 1000000; make the edits in several "
                        + "calls (--sequential N, or a study's batch_size)");
        assertThatCode(() -> BatchLimits.require("memit", 100_000, 1, Long.MAX_VALUE)).doesNotThrowAnyException();
    }

    @Test
    void aBatchWhoseStackedMatricesExceedTheMachinesMemoryIsRefused() {
        assertThatThrownBy(() -> BatchLimits.require("alphaedit", 50_000, 2_000_000, 23 * GB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("alphaedit: a batch of 50000 requests would stack about 100.0 GB of keys and targets on "
                        + "this model (2000 KB per request), more than this machine's 23.0 GB of memory; make the edits "
                        + "in several calls (--sequential N, or a study's batch_size)");
        assertThatCode(() -> BatchLimits.require("alphaedit", 10_000, 2_000_000, 23 * GB)).doesNotThrowAnyException();
    }

    @Test
    void eachRequestStacksItsTemplatesKeysAndResidualVectors() {
        try (TinyLanguageModel model = TinyModels.random(1)) {
            long mlp = model.spec().mlpSize();
            long hidden = model.spec().hiddenSize();
            assertThat(BatchLimits.bytesPerRequest(model.spec(), 2, List.of(List.of(10, 5), List.of(5, 5))))
                    .isEqualTo(11 * mlp * 4 + 2 * mlp * 20 + 5 * hidden * 8);
        }
        assertThat(BatchLimits.physicalMemory()).isGreaterThan(0);
    }
}
