package dev.amend.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Tampering with a safetensors file's bytes, as a hostile upload would: its header left as it is. */
final class SafetensorsBytes {

    private SafetensorsBytes() {}

    /** {@code file} with the first value of its first F32 tensor replaced by {@code value}. */
    static byte[] withFirstValue(byte[] file, float value) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(file.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(file, 8, headerLength, StandardCharsets.UTF_8));
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            JsonNode tensor = it.next().getValue();
            if ("F32".equals(tensor.path("dtype").asText())) {
                buffer.putFloat(8 + headerLength + tensor.get("data_offsets").get(0).asInt(), value);
                return buffer.array();
            }
        }
        throw new IllegalArgumentException("no F32 tensor in the file");
    }
}
