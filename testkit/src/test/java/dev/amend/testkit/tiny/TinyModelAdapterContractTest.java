package dev.amend.testkit.tiny;

import dev.amend.api.NoHParams;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.testkit.BaseModelAdapterContractTest;
import java.io.IOException;
import java.nio.file.Path;

class TinyModelAdapterContractTest extends BaseModelAdapterContractTest<NoHParams> {

    @Override
    protected ModelAdapterProvider<NoHParams> provider() {
        return new TinyModelAdapterProvider();
    }

    @Override
    protected Path modelDirectory() throws IOException {
        Path dir = temp.resolve("tiny-model");
        try (TinyLanguageModel model = TinyModels.random(3)) {
            TinyModels.save(model, dir);
        }
        return dir;
    }
}
