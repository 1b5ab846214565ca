package dev.amend.methods.mend;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.BaseEditMethodContractTest;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole method contract, from the testkit, against MEND on the tiny model with an untrained network (the identity
 * transform of factors normalised by unit statistics, step size 1e-4) at both MLP output projections.
 */
class MendContractTest extends BaseEditMethodContractTest<MendHParams> {

    private static Path archive;

    /** The archive, written once per JVM. */
    static synchronized Path archive() {
        if (archive == null) {
            try (LanguageModel model = TinyModels.random(7); NDManager m = NDManager.newBaseManager()) {
                Path dir = Files.createTempDirectory("mend-archive");
                MendArchive a = new MendArchive(List.of("blocks.0.mlp.down.weight", "blocks.1.mlp.down.weight"));
                MendNet net = MendNet.initial(m, MendArchive.shapes(model, a.sites(model)), 4, 1e-4, 3);
                for (int i = 0; i < 2; i++) {   // unit statistics: mean 0, std 1 (as if observed)
                    net.tensors().get(i + ".count").set(new float[] {2f});
                    net.tensors().get(i + ".m2").addi(1f);
                }
                a.write(dir, net, new ObjectMapper().createObjectNode());
                archive = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return archive;
    }

    @Override
    protected EditMethodProvider<MendHParams> provider() {
        return new MendProvider();
    }

    @Override
    protected MendHParams exampleHParams() {
        return new MendHParams(archive().toString());
    }
}
