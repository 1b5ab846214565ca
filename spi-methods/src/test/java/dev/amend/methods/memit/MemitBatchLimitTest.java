package dev.amend.methods.memit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A million requests in one MEMIT batch are refused up front instead of growing memory until the machine gives out. */
class MemitBatchLimitTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMillionRequestsInOneBatchAreRefusedBeforeAnyWork() {
        MemitHParams h = new MemitContractTest().hparams(false);
        EditRequest request = EditRequest.of("the capital of {} is", "france", "lyon");
        try (TinyLanguageModel model = TinyModels.random(1)) {
            String fingerprint = model.weights().fingerprint();
            long start = System.nanoTime();
            assertThatThrownBy(() -> new MemitProvider().create(h).apply(model, Collections.nCopies(1_000_000, request),
                    EditContext.defaults()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("memit takes at most 100000 requests in one batch, got 1000000");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }
}
