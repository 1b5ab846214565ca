package dev.amend.tutorials;

import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import dev.amend.registry.discovery.Discovered;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tutorial "Write your own editing method as a plugin JAR" (docs/tutorials/02-write-a-method-plugin.md): a method
 * found in a folder of plugin JARs, used like a built-in one. From the checkout's root:
 * {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" tutorials/src/main/java/dev/amend/tutorials/PluginEdit.java plugins}
 */
public final class PluginEdit {

    private PluginEdit() {}

    public static void main(String[] args) throws IOException {
        // tag::use[]
        AmendRuntime amend = AmendRuntime.create(Path.of(args[0]));   // the class path's providers + args[0]'s JARs
        Discovered found = amend.catalog().providers(ProviderKind.EDIT_METHOD).stream()
                .filter(d -> d.name().equals("constrained-ft")).findFirst().orElseThrow();
        System.out.println("found " + found.name() + " in " + Path.of(found.origin()).getFileName());

        EditMethodProvider<?> method = amend.providers().method("constrained-ft");
        HParams hparams = amend.hparams().load(method, Path.of("examples/constrained-ft/hparams/toy.yaml")).hparams();
        EditRequest request = EditRequest.of(". {} plays", "safa gusag", "golf");
        try (LanguageModel model = amend.models().load(Path.of("models/toy"), LoadOptions.cpu());
             Editor editor = amend.editor("constrained-ft", hparams, model, amend.context(0, Progress.NONE))) {
            EditOutcome outcome = editor.edit(List.of(request));
            System.out.println("reliability before/after: " + outcome.scores().get(0).pre().get("reliability")
                    + " / " + outcome.scores().get(0).post().get("reliability"));
            outcome.edit().close();   // revert
        }
        // end::use[]
    }
}
