package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.NamedProvider;
import dev.amend.methods.alphaedit.AlphaEditProvider;
import dev.amend.methods.memit.MemitProvider;
import dev.amend.methods.rome.RomeProvider;
import dev.amend.methods.wise.WiseProvider;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsDirTest {

    private final HParamsCodec codec = new HParamsCodec();

    @Test
    void theCacheIsAmendCacheElseXdgCacheHomeElseTheHomeCache() {
        assertThat(StatsDir.userCache(Map.of("AMEND_CACHE", "/data/amend", "XDG_CACHE_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/data/amend"));
        assertThat(StatsDir.userCache(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u")).isEqualTo(Path.of("/xdg/amend"));
        assertThat(StatsDir.userCache(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"))
                .as("the XDG specification ignores relative paths").isEqualTo(Path.of("/home/u/.cache/amend"));
        assertThat(StatsDir.userCache(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/amend"));
    }

    @Test
    void anExplicitStatsDirIsKeptAsGiven() {
        Path cache = Path.of("/home/u/.cache/amend");
        assertThat(StatsDir.of("./data/stats", cache)).isEqualTo(Path.of("./data/stats"));
        assertThat(StatsDir.of("/srv/stats", cache)).isEqualTo(Path.of("/srv/stats"));
        assertThat(StatsDir.of(null, cache)).isEqualTo(Path.of("/home/u/.cache/amend/stats"));
        assertThat(StatsDir.of(" ", cache)).isEqualTo(Path.of("/home/u/.cache/amend/stats"));
    }

    /**
     * Statistics must not land in whatever directory the user stands in: defaults and Amend's own presets use the user
     * cache; the presets that are EasyEdit's files key for key only read EasyEdit's precomputed files from its
     * {@code ./data/stats}.
     */
    @Test
    void theShippedDefaultsAndPresetsKeepStatisticsInTheUserCache() {
        List<String> checked = new ArrayList<>();
        for (NamedProvider<?, ?> provider : List.of(new RomeProvider(), new MemitProvider(), new AlphaEditProvider(),
                new WiseProvider())) {
            checkDefaultsAndPresets(provider, checked);
        }
        assertThat(checked).contains("rome defaults", "rome toy", "memit gpt2-xl", "alphaedit toy", "wise defaults");
    }

    private <H extends dev.amend.api.HParams> void checkDefaultsAndPresets(NamedProvider<H, ?> provider,
                                                                          List<String> checked) {
        Path cache = StatsDir.of(null);
        assertThat(cache.isAbsolute()).isTrue();
        assertThat(cache.getFileName()).isEqualTo(Path.of("stats"));
        H defaults = codec.defaults(provider).orElseThrow();
        assertThat(StatsDir.of(((StatsHParams) defaults).statsDir())).as(provider.name() + " defaults")
                .isEqualTo(cache);
        checked.add(provider.name() + " defaults");
        for (String preset : Presets.names(provider)) {
            StatsHParams h = (StatsHParams) codec.preset(provider, preset);
            // presets that are EasyEdit's files key for key read EasyEdit's precomputed files where EasyEdit keeps
            // them (mom2_dataset wikipedia is no local text file, so nothing is ever computed or written there)
            Path expected = "wikipedia".equals(h.mom2Dataset()) && "./data/stats".equals(h.statsDir())
                    ? Path.of("./data/stats") : cache;
            assertThat(StatsDir.of(h.statsDir())).as(provider.name() + " " + preset).isEqualTo(expected);
            checked.add(provider.name() + " " + preset);
        }
    }
}
