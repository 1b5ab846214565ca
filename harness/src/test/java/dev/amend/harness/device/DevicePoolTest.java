package dev.amend.harness.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.amend.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicePoolTest {

    @Test
    void autoMeansEveryGpuOrTheCpuWhenThereIsNone() {
        assertThat(DevicePool.of(null, () -> 0).devices()).containsExactly(Device.cpu());
        assertThat(DevicePool.of(List.of("auto"), () -> 2).devices()).containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(DevicePool.available(() -> 1)).containsExactly(Device.cpu(), Device.gpu(0));
    }

    @Test
    void namedSlotsMayRepeatADevice() {
        assertThat(DevicePool.of(List.of("cpu", "CPU"), () -> 0).devices()).containsExactly(Device.cpu(), Device.cpu());
        assertThat(DevicePool.of(List.of("gpu", "cuda:1", "gpu:1"), () -> 2).devices())
                .containsExactly(Device.gpu(0), Device.gpu(1), Device.gpu(1));
    }

    @Test
    void refusesDevicesTheEngineDoesNotReportListingThoseThereAre() {
        assertThatThrownBy(() -> DevicePool.of(List.of("gpu:1"), () -> 1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("device 'gpu:1': the engine reports 1 GPU; devices there are: [cpu(), gpu(0)]");
        assertThatThrownBy(() -> DevicePool.of(List.of("gpu"), () -> 0))
                .hasMessageContaining("the engine reports 0 GPUs (a CUDA build needs mvn -Pcuda)");
        assertThatThrownBy(() -> DevicePool.of(List.of("tpu"), () -> 0))
                .hasMessage("unknown device 'tpu': expected auto, cpu, gpu, gpu:N or cuda:N; devices there are: [cpu()]");
        assertThatThrownBy(() -> DevicePool.of(List.of("gpu:x"), () -> 0)).hasMessageContaining("unknown device 'gpu:x'");
    }

    /** This machine's engine: the CPU build reports no GPU, so auto is the CPU. */
    @Test
    void theEngineHereOffersTheCpu() {
        assertThat(DevicePool.available()).startsWith(Device.cpu());
        assertThat(DevicePool.of(null).devices()).isNotEmpty();
    }
}
