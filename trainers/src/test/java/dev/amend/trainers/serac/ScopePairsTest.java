package dev.amend.trainers.serac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopePairsTest {

    @Test
    void eachEditCoversItsPromptAndRephrasingAndNothingElseAndItsUnrelatedFactIsHard() {
        ScopePairs pairs = ScopePairs.of(List.of(
                new TrainingRecord("a", ". a lives in", "rome", ". a resides in", ". b lives in", "oslo"),
                new TrainingRecord("c", ". c plays", "golf", ". c enjoys", ". d plays", "chess")));
        assertThat(pairs.stored()).containsExactly(". a lives in", ". c plays");
        assertThat(pairs.queries()).containsExactly(". a lives in rome", ". a resides in rome", ". a resides in",
                ". b lives in oslo", ". b lives in", ". c plays golf", ". c enjoys golf", ". c enjoys",
                ". d plays chess", ". d plays");
        assertThat(pairs.inScope()).containsExactly(
                1, 0, 1, 0, 1, 0, 0, 0, 0, 0,
                0, 1, 0, 1, 0, 1, 0, 0, 0, 0);
        // the hard negatives: each edit's own unrelated fact (a near neighbour), with and without its answer
        assertThat(pairs.hard()).containsExactly(
                0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
                0, 0, 0, 0, 0, 0, 0, 1, 0, 1);
    }
}
