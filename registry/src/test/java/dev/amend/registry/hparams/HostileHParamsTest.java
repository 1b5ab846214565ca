package dev.amend.registry.hparams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import dev.amend.registry.fixtures.NudgeHParams;
import dev.amend.registry.fixtures.NudgeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hparams a careless or hostile user writes: NaN and infinities however spelled, huge or deeply nested files. */
class HostileHParamsTest {

    private final HParamsCodec codec = new HParamsCodec();
    private final NudgeProvider provider = new NudgeProvider();

    @TempDir
    Path temp;

    /** A schedule nested in {@link Curve}, to show that nested records' numbers are checked too. */
    record Schedule(@HParam("first value") double start, @HParam("steps") List<Float> steps) {}

    /** Hparams with floating numbers in a list and in a nested record. */
    record Curve(@HParam("weights") List<Double> weights, @HParam("schedule") Schedule schedule) implements HParams {}

    private static final NamedProvider<Curve, Void> CURVE = new NamedProvider<>() {
        @Override
        public String name() {
            return "curve";
        }

        @Override
        public String description() {
            return "test hparams with nested numbers";
        }

        @Override
        public Class<Curve> hparamsType() {
            return Curve.class;
        }

        @Override
        public Void create(Curve hparams) {
            return null;
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {".nan", ".NaN", ".inf", "-.inf", "+.inf", "1e999", "-1e999", "NaN", "Infinity",
            "-Infinity", "\"NaN\"", "'Infinity'"})
    void nonFiniteNumbersInAFileAreRefusedNamingTheFileAndKey(String value) throws IOException {
        Path f = Files.writeString(temp.resolve("nan.yaml"), "layers: [1]\nv_lr: " + value + "\n");
        assertThatThrownBy(() -> codec.load(provider, f))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessageStartingWith(f + ": key 'v_lr' is ")
                .hasMessageEndingWith("; expected a finite number")
                .hasMessageNotContaining("not valid YAML");
    }

    @Test
    void nonFiniteNumbersInAPresetTextAreRefusedNamingIt() {
        assertThatThrownBy(() -> codec.parse(provider, "kl_factor: .inf\n", "presets/toy.yaml"))
                .hasMessage("presets/toy.yaml: key 'kl_factor' is Infinity; expected a finite number");
    }

    @Test
    void nonFiniteOverridesAreRefusedNamingTheOverride() {
        NudgeHParams base = codec.preset(provider, "toy");
        assertThatThrownBy(() -> codec.override(provider, base, Map.of("v_lr", "NaN")))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessage("--set v_lr=NaN: key 'v_lr' is NaN; expected a finite number");
        assertThatThrownBy(() -> codec.override(provider, base, Map.of("kl_factor", "-.inf")))
                .hasMessage("--set kl_factor=-.inf: key 'kl_factor' is -Infinity; expected a finite number");
        assertThatThrownBy(() -> codec.override(provider, base, Map.of("v_lr", "[1")))
                .isInstanceOf(InvalidHParamsException.class).hasMessageStartingWith("--set v_lr=[1: line ");
        assertThat(codec.override(provider, base, Map.of("v_lr", "1e-3")).vLr()).isEqualTo(1e-3);
    }

    @Test
    void nonFiniteNumbersInListsAndNestedRecordsAreRefusedWithTheirPath() {
        assertThat(codec.parse(CURVE, "weights: [1, 2.5]\nschedule: {start: 0.5, steps: [1, 2]}\n", "c.yaml")
                .hparams()).isEqualTo(new Curve(List.of(1.0, 2.5), new Schedule(0.5, List.of(1f, 2f))));
        assertThatThrownBy(() -> codec.parse(CURVE, "weights: [1, .nan]\nschedule: {start: 0, steps: []}\n", "c.yaml"))
                .hasMessage("c.yaml: key 'weights[1]' is NaN; expected a finite number");
        assertThatThrownBy(() -> codec.parse(CURVE, "weights: [1, NaN]\nschedule: {start: 0, steps: []}\n", "c.yaml"))
                .hasMessage("c.yaml: key 'weights[1]' is NaN; expected a finite number");
        assertThatThrownBy(() -> codec.parse(CURVE, "weights: []\nschedule: {start: Infinity, steps: []}\n", "c.yaml"))
                .hasMessage("c.yaml: key 'schedule.start' is Infinity; expected a finite number");
        assertThatThrownBy(() -> codec.parse(CURVE, "weights: []\nschedule: {start: 0, steps: [1, 1e50]}\n", "c.yaml"))
                .as("finite as a double, infinite as a float")
                .hasMessage("c.yaml: key 'schedule.steps[1]' is Infinity; expected a finite number");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsParsed() throws IOException {
        Path big = temp.resolve("big.yaml");
        Files.writeString(big, "layers: [1]\n# " + "x".repeat(HParamsCodec.MAX_CHARS) + "\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> codec.load(provider, big))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessage("hparams file " + big + " is larger than 1048576 bytes, the limit for hparams files");
        assertThatThrownBy(() -> codec.parse(provider, Files.readString(big), "study.yaml"))
                .hasMessageStartingWith("study.yaml: 10485")
                .hasMessageContaining(" characters, more than the 1048576");
        assertThat(System.nanoTime() - start).as("refused without parsing").isLessThan(2_000_000_000L);
    }

    @Test
    void anEndlessFileIsRefusedAfterTheLimit() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        assertThatThrownBy(() -> codec.load(provider, zero)).hasMessageContaining("is larger than 1048576 bytes");
    }

    @Test
    void deepNestingIsRefusedNamingTheLimit() {
        String deep = "layers: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThatThrownBy(() -> codec.parse(provider, deep, "deep.yaml"))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessageStartingWith("deep.yaml: ")
                .hasMessageContaining("over the limits of an hparams text (16 levels of nesting");
    }

    @Test
    void aliasesAreNotExpandedSoABillionLaughsDocumentCannotGrow() {
        StringBuilder yaml = new StringBuilder("v_num_grad_steps: &a0 1\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        yaml.append("layers: *a9\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> codec.parse(provider, yaml.toString(), "laughs.yaml"))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessageStartingWith("laughs.yaml: ");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThatThrownBy(() -> codec.parse(provider, "v_num_grad_steps: &a 1\nlayers: [*a, *a]\n", "alias.yaml"))
                .hasMessageStartingWith("alias.yaml: key 'layers[0]': expected an integer");
    }
}
