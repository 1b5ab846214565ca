package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @TempDir
    Path temp;

    @Test
    void writtenArraysReadBackWithTheirShapesTypesAndValues() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = temp.resolve("stats.npz");
            Npz.write(file, Map.of("mom2.mom2", m.create(new double[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)),
                    "mom2.count", m.create(7L)));
            Map<String, NDArray> read = Npz.read(file, m);
            assertThat(read.get("mom2.mom2").getShape()).isEqualTo(new Shape(2, 3));
            assertThat(read.get("mom2.mom2").getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(read.get("mom2.mom2").toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(read.get("mom2.count").getShape()).isEqualTo(new Shape());
            assertThat(read.get("mom2.count").getLong()).isEqualTo(7L);
        }
    }

    /** A file as NumPy writes it: format 1.0 header, Fortran order, float32, deflated. */
    @Test
    void readsNumpyFortranOrderFloat32() throws IOException {
        Path file = temp.resolve("numpy.npz");
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
        StringBuilder padded = new StringBuilder(header);
        while ((10 + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) { // column-major of [[1,2,3],[4,5,6]]
            data.putFloat(v);
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a.npy"));
            zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) padded.length(), 0});
            zip.write(padded.toString().getBytes(StandardCharsets.ISO_8859_1));
            zip.write(data.array());
            zip.closeEntry();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = Npz.read(file, m).get("a");
            assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void aTruncatedArrayIsReportedWithFileAndEntry() throws IOException {
        Path good = temp.resolve("good.npz");
        try (NDManager m = NDManager.newBaseManager()) {
            Npz.write(good, Map.of("x", m.create(new float[] {1, 2, 3, 4})));
        }
        byte[] bytes = Files.readAllBytes(good);
        Path cut = temp.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Npz.read(cut, m)).isInstanceOfAny(InvalidInputException.class, IOException.class)
                    .hasMessageContaining("cut.npz");
        }
    }
}
