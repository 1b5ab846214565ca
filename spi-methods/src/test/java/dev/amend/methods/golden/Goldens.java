package dev.amend.methods.golden;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * Comparison of a method's output with its golden: the error is measured relative to the reference's scale, max |a −
 * e| / max |e| over all entries (entries near zero do not blow it up), printed as {@code GOLDEN <what>
 * max_rel_err=<e>} so that a build log carries every golden's measured error, and asserted below a tolerance.
 */
public final class Goldens {

    private Goldens() {}

    /**
     * Asserts that {@code actual} matches {@code expected} within {@code tolerance} (relative to the largest reference
     * magnitude) and returns the measured error.
     *
     * @param what      what is compared, for the message and the printed line
     * @param actual    Amend's values, row-major
     * @param expected  the golden's values, row-major
     * @param tolerance the largest relative error accepted
     * @return the measured relative error
     */
    public static double assertClose(String what, double[] actual, double[] expected, double tolerance) {
        double error = relativeError(what, actual, expected);
        System.out.printf(Locale.ROOT, "GOLDEN %s max_rel_err=%.3e (tolerance %.0e)%n", what, error, tolerance);
        assertThat(error).as("%s: max |amend - golden| / max |golden| (tolerance %s)", what, tolerance)
                .isLessThanOrEqualTo(tolerance);
        return error;
    }

    /** {@link #assertClose(String, double[], double[], double)} for an array (any float type, any shape). */
    public static double assertClose(String what, NDArray actual, double[] expected, double tolerance) {
        return assertClose(what, actual.toType(DataType.FLOAT64, false).toDoubleArray(), expected, tolerance);
    }

    /** {@link #assertClose(String, double[], double[], double)} for float values. */
    public static double assertClose(String what, float[] actual, double[] expected, double tolerance) {
        double[] widened = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            widened[i] = actual[i];
        }
        return assertClose(what, widened, expected, tolerance);
    }

    /**
     * {@return max |a − e| / max |e|} (infinite when the lengths differ or any value is not finite; the absolute error
     * when the reference is all zeros)
     */
    public static double relativeError(String what, double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError(what + ": " + actual.length + " values where the golden has " + expected.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Double.isFinite(actual[i])) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
