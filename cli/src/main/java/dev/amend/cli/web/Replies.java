package dev.amend.cli.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/** The demo API's JSON replies that are not session records already: records written as they are. */
final class Replies {

    private Replies() {}

    /** A method the demo can edit with: what it can do and its presets. */
    record Method(String name, String description, List<String> capabilities, List<String> presets) {}

    /** An edit in force: its id, method and preset, and the fact it edited. */
    record Edit(int id, String method, String preset, String prompt, String subject, String target) {

        static Edit of(EditSession.Applied applied) {
            return new Edit(applied.id(), applied.method(), applied.preset(), applied.request().filledPrompt(),
                    applied.request().subject(), applied.request().targetNew());
        }
    }

    /** What an edit did: the edit's fields, then its time, the answers and the metrics before and after it. */
    record Edited(@JsonUnwrapped Edit edit, double seconds, List<EditSession.Comparison> answers,
                  Map<String, EditSession.BeforeAfter> metrics) {

        static Edited of(EditSession.EditResult result) {
            return new Edited(Edit.of(result.applied()), result.seconds(), result.answers(), result.metrics());
        }
    }

    /** A visitor's session: whether this call started it, and how long it may go unused before it ends. */
    record Session(boolean started, long idleSeconds) {}

    /** The edits a revert took back, newest first. */
    record Reverted(List<Integer> reverted) {}
}
