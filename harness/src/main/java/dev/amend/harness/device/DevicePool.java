package dev.amend.harness.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.amend.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The devices work runs on: the CPU, and each CUDA GPU the engine reports (a build with {@code -Pcuda} on a machine
 * with NVIDIA GPUs). A pool is a list of worker slots: the study runner starts one worker per entry, and each worker
 * loads its own copy of each model it needs on its device. The same device may be named twice (two CPU workers on
 * a machine with cores to spare).
 */
public final class DevicePool {

    /** Every GPU the engine reports, or the CPU when it reports none. */
    public static final String AUTO = "auto";

    private final List<Device> devices;

    private DevicePool(List<Device> devices) {
        this.devices = List.copyOf(devices);
    }

    /** The worker slots, in order. */
    public List<Device> devices() {
        return devices;
    }

    /** The devices there are: the CPU, then each GPU the engine reports. */
    public static List<Device> available() {
        return available(() -> Engine.getInstance().getGpuCount());
    }

    static List<Device> available(IntSupplier gpuCount) {
        List<Device> all = new ArrayList<>();
        all.add(Device.cpu());
        for (int i = 0; i < gpuCount.getAsInt(); i++) {
            all.add(Device.gpu(i));
        }
        return all;
    }

    /**
     * The pool that {@code names} ask for: {@code auto}, {@code cpu}, {@code gpu} (GPU 0), {@code gpu:N} or
     * {@code cuda:N}; null or empty means {@code auto}.
     *
     * @throws InvalidInputException for a name it does not know or a GPU the engine does not report, listing the
     *                               devices there are
     */
    public static DevicePool of(List<String> names) {
        return of(names, () -> Engine.getInstance().getGpuCount());
    }

    static DevicePool of(List<String> names, IntSupplier gpuCount) {
        List<Device> available = available(gpuCount);
        List<Device> gpus = available.subList(1, available.size());
        if (names == null || names.isEmpty()) {
            names = List.of(AUTO);
        }
        List<Device> pool = new ArrayList<>();
        for (String name : names) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals(AUTO)) {
                pool.addAll(gpus.isEmpty() ? List.of(Device.cpu()) : gpus);
                continue;
            }
            if (key.equals("cpu")) {
                pool.add(Device.cpu());
                continue;
            }
            int index = gpuIndex(key, name, available);
            if (index >= gpus.size()) {
                throw new InvalidInputException("device '" + name + "': the engine reports " + gpus.size() + " GPU"
                        + (gpus.size() == 1 ? "" : "s") + (gpus.isEmpty() ? " (a CUDA build needs mvn -Pcuda)" : "")
                        + "; devices there are: " + describe(available));
            }
            pool.add(Device.gpu(index));
        }
        return new DevicePool(pool);
    }

    private static int gpuIndex(String key, String name, List<Device> available) {
        String number = key.equals("gpu") ? "0" : key.startsWith("gpu:") ? key.substring(4)
                : key.startsWith("cuda:") ? key.substring(5) : null;
        try {
            if (number != null) {
                return Integer.parseInt(number);
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new InvalidInputException("unknown device '" + name + "': expected auto, cpu, gpu, gpu:N or cuda:N; "
                + "devices there are: " + describe(available));
    }

    private static String describe(List<Device> devices) {
        return devices.stream().map(Device::toString).toList().toString();
    }

    @Override
    public String toString() {
        return describe(devices);
    }
}
