package dev.amend.harness.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a study cell computes: the identity its {@link StudyCell#id() id} digests (so the order and the fields written
 * here are fixed: a change would give every earlier cell a new id), and what each of its rows records.
 *
 * @param method          the method's provider name
 * @param preset          its preset, or null
 * @param hparamsFile     its hparams file, or null
 * @param mode            {@code single}, {@code batch} or {@code sequential}
 * @param callSize        requests per apply call (1 in single mode)
 * @param checkpointEvery sequential cells re-measured every so many calls; null (absent) when after every call
 * @param overrides       the hparams overrides ({@code {}} for none)
 * @param model           the model directory, as the study file names it
 * @param dataset         the data set file, as the study file names it
 * @param limit           records used (0: all)
 * @param metrics         the study's metrics choice; null (absent) for the default metrics
 */
@JsonPropertyOrder({"method", "preset", "hparams_file", "mode", "call_size", "checkpoint_every", "overrides", "model",
        "dataset", "limit", "metrics"})
public record CellDescription(@JsonProperty("method") String method, @JsonProperty("preset") String preset,
                              @JsonProperty("hparams_file") String hparamsFile, @JsonProperty("mode") String mode,
                              @JsonProperty("call_size") int callSize,
                              @JsonInclude(JsonInclude.Include.NON_NULL)
                              @JsonProperty("checkpoint_every") Integer checkpointEvery,
                              @JsonProperty("overrides") JsonNode overrides, @JsonProperty("model") String model,
                              @JsonProperty("dataset") String dataset, @JsonProperty("limit") int limit,
                              @JsonInclude(JsonInclude.Include.NON_NULL)
                              @JsonProperty("metrics") List<String> metrics) {}
