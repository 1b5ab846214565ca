package dev.amend.methods.grace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** GRACE's codebook: nearest keys, growth that leaves the original alone, and the saved tensors. */
class CodebookTest {

    @Test
    void findsTheNearestKeyAndGrowsWithoutChangingTheOriginal() {
        Codebook one = Codebook.empty().with(new float[] {0, 0}, new float[] {1}, 1.0, new int[] {5}, 1.5f);
        Codebook two = one.with(new float[] {3, 4}, new float[] {2}, 2.0, new int[] {6, 7}, -2.25f);
        assertThat(Codebook.empty().nearest(new float[] {1, 1}).index()).isEqualTo(-1);
        Codebook.Nearest near = two.nearest(new float[] {3, 3});
        assertThat(near.index()).isEqualTo(1);
        assertThat(near.distance()).isCloseTo(1.0, within(1e-12));
        assertThat(two.withRadius(0, 0.5).radii()).containsExactly(0.5, 2.0);
        assertThat(two.radii()).as("unchanged").containsExactly(1.0, 2.0);
        assertThat(one.size()).isEqualTo(1);
    }

    @Test
    void easyEditsLabelIsTheMeanOfTheMaskedLabelRow() {
        // grace/utils.py tokenize: labels = [-100] * prompt tokens + answer ids; GRACE.py label_match: float mean
        assertThat(Codebook.labelMean(3, new int[] {10, 20})).isEqualTo((float) (-300 + 30) / 5f);
        assertThat(Codebook.labelMean(2, new int[] {7})).isEqualTo(-193f / 3f);
    }

    @Test
    void tensorsRoundTripWithLabelsOfDifferentLengths() {
        Codebook book = Codebook.empty().with(new float[] {0.25f, -1}, new float[] {1, 2, 3}, 1.5, new int[] {5}, 1.5f)
                .with(new float[] {3, 4}, new float[] {4, 5, 6}, 0.125, new int[] {6, 7}, -2.25f);
        try (NDManager m = NDManager.newBaseManager()) {
            Codebook back = Codebook.fromTensors(book.tensors(m), 2, 3, 10);
            assertThat(back.keys()).containsExactlyElementsOf(book.keys());
            assertThat(back.values()).containsExactlyElementsOf(book.values());
            assertThat(back.radii()).containsExactly(1.5, 0.125);
            assertThat(back.labels()).containsExactly(new int[] {5}, new int[] {6, 7});
            assertThat(back.labelMeans()).containsExactly(1.5f, -2.25f);
        }
    }
}
