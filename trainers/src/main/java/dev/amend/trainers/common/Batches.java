package dev.amend.trainers.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Training batches drawn from a seeded generator alone, so that a resumed run draws what the uninterrupted one did. */
public final class Batches {

    private Batches() {}

    /** The generator of one use ({@code stream}) at one step, from the run's seed alone. */
    public static Random random(long seed, int stream, int step) {
        return new Random((seed * 31 + stream) * 1_000_003L + step);
    }

    /** {@code size} distinct items of {@code pool}, in drawing order. */
    public static <T> List<T> distinct(List<T> pool, int size, Random random) {
        if (size > pool.size()) {
            throw new IllegalArgumentException("cannot draw " + size + " distinct items from " + pool.size());
        }
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < size) {
            int i = random.nextInt(pool.size());
            if (!picked.contains(i)) {
                picked.add(i);
            }
        }
        return picked.stream().map(pool::get).toList();
    }
}
