package dev.latent.kernels;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-geometry tables of a convolution kernel, built once per shape and shared by every call and thread. Keyed by
 * {@link ConvGeometry#oneImage()}, since the tables do not depend on the batch; cleared when it holds
 * {@link #MAX_CACHED} geometries (one model has only a few shapes).
 */
final class GeometryPlans<P> {
    private static final int MAX_CACHED = 64;
    private final ConcurrentHashMap<ConvGeometry, P> plans = new ConcurrentHashMap<>();
    private final Function<ConvGeometry, P> build;

    GeometryPlans(Function<ConvGeometry, P> build) {
        this.build = build;
    }

    /** The plan of {@code g}'s shape, built on first use. */
    P of(ConvGeometry g) {
        ConvGeometry key = g.oneImage();
        P plan = plans.get(key);
        if (plan == null) {
            if (plans.size() >= MAX_CACHED) {
                plans.clear();
            }
            plan = plans.computeIfAbsent(key, build);
        }
        return plan;
    }
}
