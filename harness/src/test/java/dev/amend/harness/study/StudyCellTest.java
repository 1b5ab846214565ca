package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Cell ids are digests of what cells compute: rows written by earlier versions must keep matching them. */
class StudyCellTest {

    @Test
    void idsAreTheOnesEarlierVersionsGave() {
        // as the rows of a paper-table run made before rows were records name its cells
        assertThat(StudyCell.grid(StudySpec.read(Path.of("../examples/studies/paper-table.yaml"))))
                .extracting(StudyCell::id).containsExactly("83dec65621a5", "951d010f7dd5", "9657013da69a",
                        "6bf90e98c491", "26deb80f9124", "cf59fe2a7231", "2b3d8d3aee1e", "1ec04d66e6b7",
                        "592b9d85053d");
        // overrides, a metrics choice, checkpoint_every: as the fixture's rows name its cells
        assertThat(StudyCell.grid(StudySpec.read(ResultLogTest.BEFORE.resolve("study.yaml"))))
                .extracting(StudyCell::id).containsExactly("01b182630bda", "9d33b42b7a15", "d16593bdfe3b");
    }
}
