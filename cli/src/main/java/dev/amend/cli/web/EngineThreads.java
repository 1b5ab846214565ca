package dev.amend.cli.web;

import ai.djl.engine.Engine;
import java.lang.reflect.Method;

/**
 * PyTorch records gradients by default on every thread but the one that started the engine (DJL turns recording off
 * there only), so a server's worker threads would build autograd graphs on every forward pass, and in-place updates
 * of trained parameters would fail there. Each thread that runs model code outside a {@code GradientCollector} calls
 * {@link #recordNoGradients} first (a collector turns recording on for its own thread, and back off when it closes).
 * The PyTorch engine is a run-time dependency, so its switch is reached by reflection.
 */
public final class EngineThreads {

    private static final String JNI = "ai.djl.pytorch.jni.JniUtils";

    private EngineThreads() {}

    /** Turns gradient recording off on the calling thread (PyTorch engine; nothing for others). */
    public static void recordNoGradients() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            invoke("setGradMode", false);
        }
    }

    /** Whether the calling thread records gradients (PyTorch engine; false for others). */
    public static boolean recordsGradients() {
        return "PyTorch".equals(Engine.getInstance().getEngineName()) && (boolean) invoke("isGradMode");
    }

    private static Object invoke(String name, Object... args) {
        try {
            Class<?> jni = Class.forName(JNI);
            Method method = args.length == 0 ? jni.getMethod(name) : jni.getMethod(name, boolean.class);
            return method.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the PyTorch engine's " + JNI + "." + name + " is not reachable", e);
        }
    }
}
