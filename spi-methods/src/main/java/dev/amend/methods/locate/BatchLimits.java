package dev.amend.methods.locate;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.ModelSpec;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The largest batch a locate-then-edit method that stacks every request of a call (MEMIT, AlphaEdit) takes, checked
 * before any work: such a method holds every request's keys, template representations and targets at once, so memory
 * grows with the batch and a huge one would grow until the machine gives out.
 *
 * <p>A batch is refused when it has more than {@value #MAX_REQUESTS} requests (ten times the largest batch of the
 * MEMIT paper, 10,000 edits; a batch that large also takes days of target optimisation), or when the matrices it
 * stacks alone ({@link #bytesPerRequest}) would need more than this machine's physical memory, which no run can
 * provide. Larger sets of edits are made in several calls: {@code --sequential N}, or a study's {@code batch_size}.
 */
public final class BatchLimits {

    /** The most requests one apply call of a stacking method takes. */
    public static final int MAX_REQUESTS = 100_000;

    private BatchLimits() {}

    /**
     * @param method    the method's name, for the message
     * @param requests  the requests of the call
     * @param perRequest the bytes each request stacks ({@link #bytesPerRequest})
     * @param available the memory there is, in bytes ({@link #physicalMemory})
     * @throws InvalidInputException naming the batch size, the limit it passes and what to do instead
     */
    public static void require(String method, long requests, long perRequest, long available) {
        String instead = "; make the edits in several calls (--sequential N, or a study's batch_size)";
        if (requests > MAX_REQUESTS) {
            throw new InvalidInputException(method + " takes at most " + MAX_REQUESTS + " requests in one batch, got "
                    + requests + instead);
        }
        double needed = (double) requests * perRequest;
        if (needed > available) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "%s: a batch of %d requests would "
                    + "stack about %.1f GB of keys and targets on this model (%d KB per request), more than this "
                    + "machine's %.1f GB of memory%s", method, requests, needed / 1e9, perRequest / 1000,
                    available / 1e9, instead));
        }
    }

    /**
     * {@return the bytes one request stacks: each context template's key (float32), then per edited layer its mean
     * key, its direction {@code (λC + K Kᵀ)⁻¹ k} and a float32 copy (float64), and five residual-stream vectors
     * (initial value, shift, target, current value, residual; float64)}
     *
     * @param spec the model's dimensions
     * @param layers the number of edited layers
     * @param lengthParams {@code context_template_length_params} (the templates: one plus their {@code n_gen})
     */
    public static long bytesPerRequest(ModelSpec spec, int layers, List<List<Integer>> lengthParams) {
        long templates = 1 + lengthParams.stream().mapToLong(pair -> pair.get(1)).sum();
        return templates * spec.mlpSize() * Float.BYTES
                + (long) layers * spec.mlpSize() * (2 * Double.BYTES + Float.BYTES)
                + 5L * spec.hiddenSize() * Double.BYTES;
    }

    /** {@return this machine's physical memory in bytes (the JVM's heap limit when the OS does not say)} */
    public static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
