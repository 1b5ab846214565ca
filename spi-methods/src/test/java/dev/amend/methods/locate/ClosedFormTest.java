package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.Progress;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the closed forms: ROME's and MEMIT's updates from keys, targets and statistics of the tiny model,
 * against an independent float64 computation in plain Java (Gauss-Jordan inverse).
 */
class ClosedFormTest {

    private static final int LAYER = 1;
    private static LanguageModel model;
    private static NDManager manager;
    private static NDArray keys;       // [3, 64] keys of three prompts at their last subject token
    private static NDArray statistics; // [64, 64] E[k kᵀ] over a small corpus

    @BeforeAll
    static void readKeysAndStatistics() {
        model = TinyModels.random(7);
        manager = NDManager.newBaseManager();
        NDArray[] sums = SecondMoments.collect(manager, model, LAYER, TinyCorpus.lines(), Progress.NONE);
        statistics = sums[0].div(sums[1].toType(DataType.FLOAT64, false));
        keys = Representations.at(manager, model, List.of("alice smith lives in", "bob jones works as a",
                "the capital of france is"), List.of(1, 1, 3), List.of(HookSite.decoder(LAYER, HookPoint.MLP_KEY)))
                .get(HookSite.decoder(LAYER, HookPoint.MLP_KEY));
    }

    @AfterAll
    static void close() {
        manager.close();
        model.close();
    }

    @Test
    void romeMapsTheKeyToTheTargetAlongTheWhitenedDirection() {
        double[] k = row(keys, 0);
        double[][] c = matrix(statistics);
        Random random = new Random(3);
        double[] current = gaussian(random, 32);
        double[] target = gaussian(random, 32);
        NDArray left = ClosedForm.romeLeft(manager, keys.get(0), statistics.inverse());
        NDArray right = ClosedForm.romeRight(manager, manager.create(floats(target)), manager.create(floats(current)),
                keys.get(0), left);
        double[][] update = matrix(right.expandDims(1).matMul(left.expandDims(0)));
        // reference: ΔW = (v* − v) (C⁻¹k)ᵀ / (kᵀ C⁻¹ k)
        double[] u = multiply(inverse(c), k);
        double scale = dot(k, u);
        double max = 0;
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 64; j++) {
                double expected = (target[i] - current[i]) * u[j] / scale;
                max = Math.max(max, Math.abs(update[i][j] - expected) / (1e-3 + Math.abs(expected)));
            }
        }
        assertThat(max).isLessThan(1e-3);
        double[] mapped = multiply(update, k);
        for (int i = 0; i < 32; i++) {
            assertThat(mapped[i]).isCloseTo(target[i] - current[i], org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void memitSolvesTheRegularisedLeastSquaresOfAllKeys() {
        Random random = new Random(5);
        double lambda = 1.5;
        double[][] k = transpose(matrix(keys)); // 64 × 3
        double[][] r = new double[32][3];
        for (double[] row : r) {
            for (int j = 0; j < 3; j++) {
                row[j] = random.nextGaussian();
            }
        }
        NDArray update = ClosedForm.memitUpdate(manager, keys.transpose(), floats2(r), statistics,
                lambda);
        assertThat(update.getShape()).isEqualTo(new Shape(32, 64));
        // reference: ΔW = R Kᵀ (λC + K Kᵀ)⁻¹
        double[][] c = matrix(statistics);
        double[][] system = new double[64][64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                system[i][j] = lambda * c[i][j];
                for (int n = 0; n < 3; n++) {
                    system[i][j] += k[i][n] * k[j][n];
                }
            }
        }
        double[][] expected = product(product(r, transpose(k)), inverse(system));
        double[][] actual = matrix(update);
        double scale = 0;
        for (double[] row : expected) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 64; j++) {
                assertThat(actual[i][j]).isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(1e-5 * scale));
            }
        }
        // the normal equations: ΔW (λC + K Kᵀ) = R Kᵀ
        double[][] lhs = product(actual, system);
        double[][] rhs = product(r, transpose(k));
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 64; j++) {
                assertThat(lhs[i][j]).isCloseTo(rhs[i][j], org.assertj.core.data.Offset.offset(1e-3 * (1 + Math.abs(rhs[i][j]))));
            }
        }
    }

    @Test
    void theNullSpaceProjectorSpansTheEigenvectorsUnderTheThreshold() {
        int n = 24;
        Random random = new Random(11);
        double[][] q = orthonormal(random, n);
        double[] eigen = new double[n];
        for (int i = 0; i < n; i++) {
            eigen[i] = i < 9 ? Math.pow(10, -6 + 0.5 * i) : 0.05 + 3.0 * random.nextDouble(); // 9 under 2e-2
        }
        double[][] c = new double[n][n];
        double[][] expected = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int e = 0; e < n; e++) {
                    c[i][j] += q[e][i] * eigen[e] * q[e][j];
                    if (eigen[e] < 2e-2) {
                        expected[i][j] += q[e][i] * q[e][j];
                    }
                }
            }
        }
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c[i], 0, flat, i * n, n);
        }
        NDArray p = ClosedForm.nullSpaceProjector(manager, manager.create(flat, new Shape(n, n)), 2e-2);
        double[][] actual = matrix(p);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += actual[i][i];
            for (int j = 0; j < n; j++) {
                assertThat(actual[i][j]).isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(trace).isCloseTo(9.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** Rows: an orthonormal basis (Gram-Schmidt of Gaussian vectors). */
    static double[][] orthonormal(Random random, int n) {
        double[][] q = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] v = gaussian(random, n);
            for (int j = 0; j < i; j++) {
                double d = dot(v, q[j]);
                for (int k = 0; k < n; k++) {
                    v[k] -= d * q[j][k];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int k = 0; k < n; k++) {
                v[k] /= norm;
            }
            q[i] = v;
        }
        return q;
    }

    // ---- plain float64 reference helpers ----

    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(m[i][col]) > Math.abs(m[pivot][col])) {
                    pivot = i;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            double p = m[col][col];
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] /= p;
            }
            for (int i = 0; i < n; i++) {
                if (i != col && m[i][col] != 0) {
                    double f = m[i][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[i][j] -= f * m[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    static double[][] product(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = dot(a[i], x);
        }
        return y;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] matrix(NDArray array) {
        double[] flat = array.toType(DataType.FLOAT64, true).toDoubleArray();
        int rows = (int) array.getShape().get(0);
        int cols = (int) array.getShape().get(1);
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }

    static double[] row(NDArray array, int i) {
        return matrix(array)[i];
    }

    static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static NDArray floats2(double[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                f[i * m[0].length + j] = (float) m[i][j];
            }
        }
        return manager.create(f, new Shape(m.length, m[0].length));
    }
}
