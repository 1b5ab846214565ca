package dev.amend.toolkit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A safetensors header whose tensors share bytes, leave gaps or run past the data is refused, naming the tensors. */
class SafetensorsLayoutTest {

    @TempDir
    Path temp;

    /** Two float32 [2] tensors a and b with the given offsets over a data section of {@code dataBytes} bytes. */
    private Path file(String name, long[] a, long[] b, int dataBytes) throws IOException {
        return file(name, a, b, dataBytes, "");
    }

    /** As {@link #file(String, long[], long[], int)}, with {@code afterJson} inside the header after its object. */
    private Path file(String name, long[] a, long[] b, int dataBytes, String afterJson) throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + a[0] + "," + a[1] + "]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + b[0] + "," + b[1] + "]}}";
        byte[] json = (header + afterJson).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.write(json);
        ByteBuffer data = ByteBuffer.allocate(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < dataBytes / 4; i++) {
            data.putFloat(i + 1);
        }
        out.write(data.array());
        Path file = temp.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void aHeaderPaddedWithSpacesIsReadButOneWithMoreAfterItsObjectIsRefused() throws IOException {
        Path padded = file("padded.safetensors", new long[] {0, 8}, new long[] {8, 16}, 16, "      ");
        Path doubled = file("doubled.safetensors", new long[] {0, 8}, new long[] {8, 16}, 16, "{}");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(Safetensors.read(padded, m)).containsOnlyKeys("a", "b");
            assertThatThrownBy(() -> Safetensors.read(doubled, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(doubled + ": header is not valid JSON");
        }
    }

    @Test
    void contiguousTensorsAreRead() throws IOException {
        Path file = file("ok.safetensors", new long[] {0, 8}, new long[] {8, 16}, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = Safetensors.read(file, m);
            assertThat(arrays.get("a").toFloatArray()).containsExactly(1, 2);
            assertThat(arrays.get("b").toFloatArray()).containsExactly(3, 4);
        }
    }

    @Test
    void overlappingTensorsAreRefusedNamingBoth() throws IOException {
        Path file = file("aliased.safetensors", new long[] {0, 8}, new long[] {4, 12}, 12);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Safetensors.read(file, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("tensors a and b overlap");
        }
        Path same = file("same.safetensors", new long[] {0, 8}, new long[] {0, 8}, 8);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Safetensors.read(same, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(same + ": tensors a and b overlap");
        }
    }

    @Test
    void gapsTrailingBytesAndRangesPastTheDataAreRefused() throws IOException {
        Path gap = file("gap.safetensors", new long[] {0, 8}, new long[] {12, 20}, 20);
        Path trailing = file("trailing.safetensors", new long[] {0, 8}, new long[] {8, 16}, 24);
        Path past = file("past.safetensors", new long[] {0, 8}, new long[] {8, 4000}, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Safetensors.read(gap, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(gap + ": 4 unused bytes at 8..12 of the data section, before tensor b");
            assertThatThrownBy(() -> Safetensors.read(trailing, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(trailing + ": the data section has 24 bytes but its tensors end at byte 16");
            assertThatThrownBy(() -> Safetensors.read(past, m)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(past + ": tensor b has data_offsets [8, 4000], outside the data section");
        }
    }

    @Test
    void whatSafetensorsWriteWritesPassesTheCheck() throws IOException {
        Path file = temp.resolve("written.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.write(file, Map.of("x", m.create(new float[] {1, 2, 3}), "y", m.create(new long[] {7})));
            assertThat(Safetensors.read(file, m)).containsOnlyKeys("x", "y");
        }
    }
}
