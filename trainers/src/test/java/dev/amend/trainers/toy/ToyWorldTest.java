package dev.amend.trainers.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyWorldTest {

    @TempDir
    Path temp;

    @Test
    void hasTheShapeDesignSection7Describes() {
        ToyWorld world = ToyWorld.generate(1);
        assertThat(world.subjects()).hasSize(400).doesNotHaveDuplicates();
        Set<String> first = new HashSet<>();
        Set<String> last = new HashSet<>();
        world.subjects().forEach(s -> {
            first.add(s.split(" ")[0]);
            last.add(s.split(" ")[1]);
        });
        assertThat(first).hasSize(40);
        assertThat(last).hasSize(40);
        assertThat(world.relations()).extracting(r -> r.objects().size()).containsExactly(24, 20, 12, 20, 12);
        assertThat(world.relations()).allSatisfy(r -> {
            assertThat(r.core()).hasSize(3);
            assertThat(r.paraphrases()).hasSize(2);
        });
        assertThat(world.facts()).hasSize(400).allSatisfy(f -> assertThat(f).hasSize(5));
        assertThat(world.countries()).hasSize(8);
        for (int c = 0; c < 8; c++) {
            final int country = c;
            assertThat(world.cityCountry().stream().filter(x -> x == country)).hasSize(3);
        }
        assertThat(world.anchors().stream().filter(a -> a)).hasSize(200);
        assertThat(world.vocabulary()).hasSizeBetween(200, 240).startsWith("<pad>", "<unk>", "<eos>")
                .doesNotHaveDuplicates();
    }

    @Test
    void theSeedDeterminesTheWorld() throws IOException {
        ToyWorld world = ToyWorld.generate(7);
        assertThat(ToyWorld.generate(7)).isEqualTo(world);
        assertThat(ToyWorld.generate(8)).isNotEqualTo(world);
        Path file = temp.resolve("world.json");
        world.write(file);
        assertThat(ToyWorld.read(file)).isEqualTo(world);
    }

    @Test
    void twoHopGoesThroughTheCity() {
        ToyWorld world = ToyWorld.generate(1);
        for (int s = 0; s < 10; s++) {
            assertThat(world.country(s)).isEqualTo(world.countryOfCity(world.object(s, ToyWorld.CITY)));
        }
    }

    @Test
    void templatesFillTheSubjectSlot() {
        assertThat(ToyWorld.fill("the home city of {} is", "kelo damin")).isEqualTo("the home city of kelo damin is");
        assertThat(List.of(ToyWorld.TWO_HOP)).allMatch(t -> t.contains("{}"));
    }

    /**
     * A prompt that is the start of another relation's (or the same relation's) sentence has two trained answers; the
     * world must have none, or facts of that template cannot be learned (the first world had "{} was born in" and
     * "{} was born in the year": anchors answered "the").
     */
    @Test
    void noTemplateIsThePrefixOfAnother() {
        ToyWorld world = ToyWorld.generate(1);
        List<String> templates = new java.util.ArrayList<>(ToyWorld.COUNTRY_TEMPLATES);
        templates.add(ToyWorld.TWO_HOP);
        world.relations().forEach(r -> templates.addAll(r.templates()));
        for (String a : templates) {
            for (String b : templates) {
                if (!a.equals(b)) {
                    assertThat(b.startsWith(a + " ")).as("'%s' starts with '%s'", b, a).isFalse();
                }
            }
        }
    }
}
