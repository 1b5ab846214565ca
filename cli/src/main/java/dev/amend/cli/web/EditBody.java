package dev.amend.cli.web;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import java.util.List;

/**
 * {@code POST /api/edits}'s body: the fact to edit ({@code prompt} with {@code {}} for the subject, or filled),
 * the method and its preset, and optionally a rephrasing and an unrelated prompt with its answer to compare.
 * Optional fields left blank count as absent.
 */
record EditBody(String prompt, String subject, String target, String method, String preset, String rephrase,
                String localityPrompt, String localityAnswer) implements ValidatedBody {

    EditBody {
        preset = TextFields.blankToNull(preset);
        rephrase = TextFields.blankToNull(rephrase);
        localityPrompt = TextFields.blankToNull(localityPrompt);
    }

    @Override
    public void validate() {
        TextFields.check("prompt", prompt, true);
        TextFields.check("subject", subject, true);
        TextFields.check("target", target, true);
        TextFields.check("method", method, true);
        TextFields.check("preset", preset, false);
        TextFields.check("rephrase", rephrase, false);
        TextFields.check("locality_prompt", localityPrompt, false);
        TextFields.check("locality_answer", localityAnswer, localityPrompt != null);
    }

    /** The edit these fields describe, with the rephrasing and locality probe when given. */
    EditRequest request() {
        EditRequest request = EditRequest.of(prompt, subject, target);
        if (rephrase != null) {
            request = request.withRephrases(List.of(rephrase));
        }
        if (localityPrompt != null) {
            request = request.withLocality("neighborhood", List.of(new Probe(localityPrompt, localityAnswer)));
        }
        return request;
    }
}
