package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/tutorials/05-save-share-load-revert.md: its program, run as the page says, prints what the page shows. */
class SaveShareLoadRevertTest {

    @TempDir
    Path temp;

    @Test
    void savesLoadsBakesAndRevertsTheEdit() throws Exception {
        Path out = temp.resolve("edits");

        String printed = TutorialProgram.run("SaveShareLoadRevert", out.toString());

        assertThat(printed.lines()).containsExactly(
                "edited: . safa gusag plays -> golf . the",
                "base:   . safa gusag plays -> hockey . the",
                "loaded: . safa gusag plays -> golf . the",
                "closed, base again: true",
                "baked:  . safa gusag plays -> golf . the",
                "reverted to the base bit for bit: true");
        assertThat(out.resolve("golf-edit")).isDirectoryContaining("glob:**/edit.json")
                .isDirectoryContaining("glob:**/deltas.safetensors");
        assertThat(out.resolve("toy-golf/amend-edit/originals.safetensors")).isRegularFile();
        assertThat(out.resolve("toy-reverted/amend-edit")).doesNotExist();
    }
}
