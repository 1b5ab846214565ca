package dev.amend.api.edit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fact to change, with the probes that measure the change.
 *
 * @param prompt            the edit prompt, either with {@code {}} where the subject goes ("The capital of {} is")
 *                          or already filled ("The capital of France is")
 * @param subject           the entity whose fact changes; must occur in the filled prompt
 * @param targetNew         the new answer
 * @param groundTruth       the old answer, where known (null otherwise)
 * @param rephrasePrompts   other wordings of the prompt (generalization)
 * @param localityProbes    named groups of unrelated prompts whose answers must stay
 * @param portabilityProbes named groups of prompts whose answers should follow from the edit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EditRequest(
        @JsonProperty("prompt") String prompt,
        @JsonProperty("subject") String subject,
        @JsonProperty("target_new") String targetNew,
        @JsonProperty("ground_truth") String groundTruth,
        @JsonProperty("rephrase_prompts") List<String> rephrasePrompts,
        @JsonProperty("locality") Map<String, List<Probe>> localityProbes,
        @JsonProperty("portability") Map<String, List<Probe>> portabilityProbes) {

    /** The placeholder for the subject in a template prompt. */
    public static final String SUBJECT_SLOT = "{}";

    /**
     * Checks the request: prompt, subject and target given, the subject in the filled prompt, no blank answer or
     * rephrasing; copies the lists and maps.
     *
     * @param prompt the edit prompt, either with {@code {}} where the subject goes ("The capital of {} is") or already
     * filled ("The capital of France is")
     * @param subject the entity whose fact changes; must occur in the filled prompt
     * @param targetNew the new answer
     * @param groundTruth the old answer, where known (null otherwise)
     * @param rephrasePrompts other wordings of the prompt (generalization)
     * @param localityProbes named groups of unrelated prompts whose answers must stay
     * @param portabilityProbes named groups of prompts whose answers should follow from the edit
     */
    public EditRequest {
        requireText("prompt", prompt);
        requireText("subject", subject);
        requireText("target_new", targetNew);
        if (groundTruth != null && groundTruth.isBlank()) {
            throw new InvalidRequestException("ground_truth", "is blank; leave it out when unknown");
        }
        String filled = prompt.replace(SUBJECT_SLOT, subject);
        if (!filled.contains(subject)) {
            throw new InvalidRequestException("subject", "'" + subject + "' does not occur in prompt '" + prompt + "'");
        }
        rephrasePrompts = rephrasePrompts == null ? List.of() : List.copyOf(rephrasePrompts);
        for (int i = 0; i < rephrasePrompts.size(); i++) {
            requireText("rephrase_prompts[" + i + "]", rephrasePrompts.get(i));
        }
        localityProbes = probes("locality", localityProbes);
        portabilityProbes = probes("portability", portabilityProbes);
    }

    /**
     * {@return a request with just the edit itself}
     *
     * @param prompt the prompt, with {@code {}} where the subject goes
     * @param subject the subject
     * @param targetNew the new answer
     */
    public static EditRequest of(String prompt, String subject, String targetNew) {
        return new EditRequest(prompt, subject, targetNew, null, null, null, null);
    }

    /** {@return the prompt with the subject in place of {@code {}}} */
    @JsonIgnore
    public String filledPrompt() {
        return prompt.replace(SUBJECT_SLOT, subject);
    }

    /**
     * {@return this request with {@code answer} as the answer the model gave before the edit}
     * @param answer the old answer
     */
    public EditRequest withGroundTruth(String answer) {
        return new EditRequest(prompt, subject, targetNew, answer, rephrasePrompts, localityProbes, portabilityProbes);
    }

    /**
     * {@return this request with {@code prompts} as its paraphrases}
     * @param prompts paraphrases of the filled prompt
     */
    public EditRequest withRephrases(List<String> prompts) {
        return new EditRequest(prompt, subject, targetNew, groundTruth, prompts, localityProbes, portabilityProbes);
    }

    /**
     * {@return this request with a named group of locality probes added (or replaced)}
     *
     * @param group the probes' group name, as reports show it
     * @param probes prompts with their expected answers
     */
    public EditRequest withLocality(String group, List<Probe> probes) {
        Map<String, List<Probe>> m = new LinkedHashMap<>(localityProbes);
        m.put(group, probes);
        return new EditRequest(prompt, subject, targetNew, groundTruth, rephrasePrompts, m, portabilityProbes);
    }

    /**
     * {@return this request with a named group of portability probes added (or replaced)}
     *
     * @param group the probes' group name, as reports show it
     * @param probes prompts with their expected answers
     */
    public EditRequest withPortability(String group, List<Probe> probes) {
        Map<String, List<Probe>> m = new LinkedHashMap<>(portabilityProbes);
        m.put(group, probes);
        return new EditRequest(prompt, subject, targetNew, groundTruth, rephrasePrompts, localityProbes, m);
    }

    static void requireText(String field, String value) {
        if (value == null) {
            throw new InvalidRequestException(field, "is missing: expected a non-empty string");
        }
        if (value.isBlank()) {
            throw new InvalidRequestException(field, "is blank: expected a non-empty string");
        }
    }

    private static Map<String, List<Probe>> probes(String field, Map<String, List<Probe>> groups) {
        if (groups == null) {
            return Map.of();
        }
        Map<String, List<Probe>> copy = new LinkedHashMap<>();
        groups.forEach((group, probes) -> {
            if (group == null || group.isBlank()) {
                throw new InvalidRequestException(field, "has a group with a blank name");
            }
            if (probes == null || probes.isEmpty()) {
                throw new InvalidRequestException(field + "." + group, "is empty: expected a list of {prompt, answer}");
            }
            for (int i = 0; i < probes.size(); i++) {
                if (probes.get(i) == null) {
                    throw new InvalidRequestException(field + "." + group + "[" + i + "]", "is null");
                }
            }
            copy.put(group, List.copyOf(probes));
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
