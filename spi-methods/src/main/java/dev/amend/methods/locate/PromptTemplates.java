package dev.amend.methods.locate;

import dev.amend.api.edit.EditRequest;
import java.util.List;

/** Edit prompts as templates with one {@code {}} for the subject. */
public final class PromptTemplates {

    private PromptTemplates() {}

    /**
     * The request's prompt with {@code {}} for the subject: as given when it has one, otherwise with the subject's
     * first occurrence replaced.
     */
    public static String of(EditRequest request) {
        String prompt = request.prompt();
        if (prompt.contains(EditRequest.SUBJECT_SLOT)) {
            return prompt;
        }
        int at = prompt.indexOf(request.subject());
        return prompt.substring(0, at) + EditRequest.SUBJECT_SLOT + prompt.substring(at + request.subject().length());
    }

    /** The template with the subject in place. */
    public static String fill(String template, String subject) {
        return template.replace(EditRequest.SUBJECT_SLOT, subject);
    }
}
