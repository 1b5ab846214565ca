package dev.amend.registry;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What produced a result, recorded with every saved edit and every study row so that a number can be traced to the
 * code, engine and weights that gave it. Edits saved in format version 1 recorded only the fingerprint, hparams, seed
 * (from some version on) and time: their other fields read as null.
 *
 * @param amendVersion    Amend's version ({@link AmendVersion})
 * @param engine          the DJL engine's name ({@code PyTorch})
 * @param engineVersion   the engine's version ({@code 2.7.1})
 * @param djlVersion      DJL's version
 * @param javaVersion     the JVM's version
 * @param baseFingerprint the weights fingerprint of the model before the edit
 * @param hparams         the method's hparams, every field, as the hparams codec writes them
 * @param seed            the run's seed
 * @param device          where the work ran ({@code cpu()}, {@code gpu(0)})
 * @param created         when the work finished, ISO-8601 in UTC
 */
public record Provenance(@JsonProperty("amend_version") String amendVersion, @JsonProperty("engine") String engine,
                         @JsonProperty("engine_version") String engineVersion,
                         @JsonProperty("djl_version") String djlVersion,
                         @JsonProperty("java_version") String javaVersion,
                         @JsonProperty("base_fingerprint") String baseFingerprint,
                         @JsonProperty("hparams") JsonNode hparams, @JsonProperty("seed") Long seed,
                         @JsonProperty("device") String device, @JsonProperty("created") String created) {

    /**
     * Work finishing now in this process: this Amend, the engine in use (starting it if it has not started),
     * DJL and Java.
     */
    public static Provenance now(String baseFingerprint, JsonNode hparams, long seed, Device device) {
        Engine engine = Engine.getInstance();
        return new Provenance(AmendVersion.get(), engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                System.getProperty("java.version"), baseFingerprint, hparams, seed, device.toString(),
                Instant.now().toString());
    }
}
