package dev.amend.toolkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.toolkit.model.ParameterWeights.Binding;
import dev.amend.toolkit.model.ParameterWeights.Layout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParameterWeightsTest {

    private NDManager manager;
    private NDArray linear;   // stored out × in: 2 × 3
    private NDArray conv1d;   // stored in × out: 3 × 2
    private NDArray fused;    // stored in × out with q|k as two row ranges of the canonical view: 2 × 4
    private ParameterWeights weights;

    private static final WeightSite OUT = WeightSite.decoder(0, WeightKind.MLP_OUT_PROJ);
    private static final WeightSite IN = WeightSite.decoder(0, WeightKind.MLP_IN_PROJ);
    private static final WeightSite Q = WeightSite.decoder(0, WeightKind.ATTN_Q);
    private static final WeightSite K = WeightSite.decoder(0, WeightKind.ATTN_K);

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        linear = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
        conv1d = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
        fused = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4));
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("h.0.mlp.c_proj.weight", linear);
        params.put("h.0.mlp.c_fc.weight", conv1d);
        params.put("h.0.attn.c_attn.weight", fused);
        Map<WeightSite, Binding> sites = new LinkedHashMap<>();
        sites.put(OUT, Binding.whole("h.0.mlp.c_proj.weight", Layout.OUT_IN));
        sites.put(IN, Binding.whole("h.0.mlp.c_fc.weight", Layout.IN_OUT));
        sites.put(Q, new Binding("h.0.attn.c_attn.weight", Layout.IN_OUT, 0, 2));
        sites.put(K, new Binding("h.0.attn.c_attn.weight", Layout.IN_OUT, 2, 4));
        weights = new ParameterWeights(params, sites);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void getReturnsCanonicalOutByInCopies() {
        assertThat(weights.shape(OUT)).isEqualTo(new Shape(2, 3));
        assertThat(weights.get(OUT, manager).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(weights.shape(IN)).isEqualTo(new Shape(2, 3));
        assertThat(weights.get(IN, manager).toFloatArray()).containsExactly(1, 3, 5, 2, 4, 6);
        // fused [in=2, out=4]: canonical is its transpose [4, 2]; q = rows 0..1, k = rows 2..3
        assertThat(weights.get(Q, manager).toFloatArray()).containsExactly(1, 5, 2, 6);
        assertThat(weights.get(K, manager).toFloatArray()).containsExactly(3, 7, 4, 8);

        NDArray copy = weights.get(IN, manager);
        assertThat(copy.toByteBuffer().asFloatBuffer().get(1)).as("bytes in canonical order").isEqualTo(3f);
        copy.set(new float[] {0, 0, 0, 0, 0, 0});
        assertThat(conv1d.toFloatArray()).as("get returns a copy").containsExactly(1, 2, 3, 4, 5, 6);
        weights.get(OUT, manager).set(new float[] {0, 0, 0, 0, 0, 0});
        assertThat(linear.toFloatArray()).as("get returns a copy").containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void addWritesInPlaceInTheStoredOrientation() {
        weights.add(IN, manager.create(new float[] {10, 0, 0, 0, 0, 20}, new Shape(2, 3)));
        assertThat(conv1d.toFloatArray()).containsExactly(11, 2, 3, 4, 5, 26);
        weights.add(K, manager.create(new float[] {100, 0, 0, 200}, new Shape(2, 2)));
        assertThat(fused.toFloatArray()).containsExactly(1, 2, 103, 4, 5, 6, 7, 208);
    }

    @Test
    void setRestoresBitForBitAndFingerprintFollows() {
        String before = weights.fingerprint();
        NDArray original = weights.get(IN, manager);
        weights.add(IN, manager.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, new Shape(2, 3)));
        String after = weights.fingerprint();
        assertThat(after).isNotEqualTo(before);
        weights.set(IN, original);
        assertThat(weights.fingerprint()).isEqualTo(before);
        assertThat(conv1d.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void rejectsDeltasOfTheWrongShape() {
        assertThatThrownBy(() -> weights.add(OUT, manager.zeros(new Shape(3, 2))))
                .hasMessageContaining("does not fit decoder.0.mlp_out_proj (2, 3)");
    }

    @Test
    void resolvesEasyEditModuleTemplates() {
        assertThat(weights.resolveModule("h.{}.mlp.c_proj", 0)).isEqualTo(OUT);
        assertThatThrownBy(() -> weights.resolveModule("h.{}.mlp.c_proj", 7))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'h.7.mlp.c_proj'")
                .hasMessageContaining("h.{}.mlp.c_fc");
        assertThatThrownBy(() -> weights.resolveModule("h.{}.attn.c_attn", 0))
                .hasMessageContaining("holds several matrices");
    }
}
