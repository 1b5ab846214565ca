package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amend docs}: the checkout's generated pages (hparams reference, code included in tutorials) agree with the
 * code — the CI check — and a page that drifts from its source is found and regenerated.
 */
class DocsCommandTest {

    /** The checkout: tests run in cli/. */
    private static final Path CHECKOUT = Path.of("..");

    @TempDir
    Path temp;

    @Test
    void theCheckoutsDocsMatchTheCode() {
        Result result = amend("docs", "--check", "--root", CHECKOUT.toString());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("docs: up to date (");
    }

    @Test
    void theHparamsReferenceDocumentsEveryMethodKey() throws IOException {
        String page = Files.readString(CHECKOUT.resolve(DocsCommand.HPARAMS_PAGE));

        assertThat(page).contains("### `rome`", "### `memit`", "### `serac`", "### `mend`", "### `toy-pretrain`",
                "### `fluency`");
        assertThat(page).containsPattern("\\| `v_lr` \\| number \\| `0.5` \\| same \\| .+ \\|\n");
        assertThat(page).containsPattern("\\| `through_update` \\| boolean \\| `false` \\| \\(Amend's own\\) \\|");
    }

    @Test
    void theConformancePageListsEveryMethodAndWhatItWasCheckedAgainst() throws IOException {
        String page = Files.readString(CHECKOUT.resolve(ConformancePage.PAGE));

        assertThat(page).startsWith("# Conformance with EasyEdit");
        for (String method : new String[] {"rome", "memit", "alphaedit", "ft", "kn", "lora", "grace", "wise", "ike",
                "serac", "mend"}) {
            assertThat(page).as(method).containsPattern("`" + method + "`");
        }
    }

    @Test
    void aSnippetEditedInThePageIsStaleUntilRegeneratedFromItsSource() throws IOException {
        Files.writeString(temp.resolve("README.md"), "# readme\n");
        Files.createDirectories(temp.resolve("src"));
        Files.writeString(temp.resolve("src/Code.java"), """
                class Code {
                    void run() {
                        // tag::call[]
                        editor.edit(requests);
                        // end::call[]
                    }
                }
                """);
        Path page = Files.createDirectories(temp.resolve("docs/tutorials")).resolve("page.md");
        Files.writeString(page, """
                # page
                <!-- include: src/Code.java#call -->
                ```java
                editor.renamedEdit(requests);
                ```
                text after
                """);

        Result stale = amend("docs", "--check", "--root", temp.toString());
        assertThat(stale.status()).isEqualTo(1);
        assertThat(stale.err()).contains("docs/tutorials/page.md").contains("run ./amend docs");
        assertThat(page).hasContent("# page\n<!-- include: src/Code.java#call -->\n```java\n"
                + "editor.renamedEdit(requests);\n```\ntext after\n");

        assertThat(amend("docs", "--root", temp.toString()).status()).isZero();
        assertThat(page).hasContent("# page\n<!-- include: src/Code.java#call -->\n```java\n"
                + "editor.edit(requests);\n```\ntext after\n");
        assertThat(amend("docs", "--check", "--root", temp.toString()).status()).isZero();
    }

    @Test
    void anIncludeOfAMissingRegionNamesThePageLineAndRegion() throws IOException {
        Files.writeString(temp.resolve("README.md"), "intro\n\n<!-- include: src/Code.java#gone -->\n```java\n```\n");
        Files.createDirectories(temp.resolve("src"));
        Files.writeString(temp.resolve("src/Code.java"), "class Code {}\n");
        Files.createDirectories(temp.resolve("docs"));

        Result result = amend("docs", "--check", "--root", temp.toString());

        assertThat(result.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(result.err()).isEqualTo("amend: error: README.md:3: src/Code.java has no region 'gone' "
                + "(lines between tag::gone[] and end::gone[])\n");
    }
}
