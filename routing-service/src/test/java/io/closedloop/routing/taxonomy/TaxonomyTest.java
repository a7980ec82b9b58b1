package io.closedloop.routing.taxonomy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The category tree: the shipped default, codes as paths, and what makes a tree invalid. */
class TaxonomyTest {

    static final ObjectMapper STRICT = ContractJson.configure(JsonMapper.builder().build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final Taxonomy SHIPPED = read("/taxonomy/default-taxonomy.json");

    @Test
    void theShippedTaxonomyHasTheSixProductCategoriesEachWithChildrenNamedInChineseAndEnglish() {
        assertThat(SHIPPED.problems()).isEmpty();
        assertThat(SHIPPED.categories().stream().filter(c -> c.level() == 1).map(Category::code))
                .containsExactly("product-quality", "service-attitude", "after-sales", "price", "logistics", "other");
        assertThat(SHIPPED.fallbackCategory()).isEqualTo("other");
        for (Category top : SHIPPED.categories().stream().filter(c -> c.level() == 1).toList()) {
            assertThat(SHIPPED.categories().stream().filter(c -> top.code().equals(c.parent())))
                    .as("children of %s", top.code()).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(SHIPPED.categories()).allSatisfy(c -> {
            assertThat(c.zh()).isNotBlank();
            assertThat(c.en()).isNotBlank();
        });
        assertThat(SHIPPED.depth()).isEqualTo(3);
    }

    @Test
    void aCategorysParentAndLevelFollowFromItsCode() {
        Category noise = SHIPPED.category("product-quality/brakes/noise").orElseThrow();

        assertThat(noise.parent()).isEqualTo("product-quality/brakes");
        assertThat(noise.level()).isEqualTo(3);
        assertThat(SHIPPED.path(noise.code())).extracting(Category::en)
                .containsExactly("Product quality", "Brakes", "Brake noise");
        assertThat(Category.of("other", "其他", "Other").parent()).isNull();
        assertThat(Category.of("other", "其他", "Other").level()).isEqualTo(1);
    }

    @Test
    void aCodeLiesWithinItselfAndItsAncestorsOnlyAndRollsUpToAnyLevel() {
        assertThat(Taxonomy.within("product-quality/brakes/noise", "product-quality")).isTrue();
        assertThat(Taxonomy.within("product-quality/brakes/noise", "product-quality/brakes")).isTrue();
        assertThat(Taxonomy.within("product-quality", "product-quality")).isTrue();
        assertThat(Taxonomy.within("product-quality-x/brakes", "product-quality")).isFalse();
        assertThat(Taxonomy.within("product-quality", "product-quality/brakes")).isFalse();
        assertThat(Taxonomy.within(null, "product-quality")).isFalse();

        assertThat(Taxonomy.rollUp("城乡建设/安全生产/事故处理", 1)).isEqualTo("城乡建设");
        assertThat(Taxonomy.rollUp("城乡建设/安全生产/事故处理", 2)).isEqualTo("城乡建设/安全生产");
        assertThat(Taxonomy.rollUp("城乡建设/安全生产/事故处理", 5)).isEqualTo("城乡建设/安全生产/事故处理");
        assertThatThrownBy(() -> Taxonomy.rollUp("other", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTreeThatCannotWorkIsRefusedWithEveryFieldNamed() {
        Taxonomy bad = new Taxonomy("Bad Name", "misc", Arrays.asList(
                Category.of("quality", "质量", "Quality"),
                Category.of("quality", "质量二", null),
                Category.of("Quality/Brakes", "制动", null),
                Category.of("quality//noise", "异响", null),
                Category.of("safety/fire", "起火", null),
                new Category("quality/leak", "漏水", null, "safety", 3),
                Category.of("nameless", null, " "),
                null,
                Category.of("a/b/c/d/e/f/g/h/i", "太深", null)));

        assertThat(bad.problems()).containsExactly(
                "name: must match [a-z0-9][a-z0-9-]{0,39}",
                "categories[1].code: 'quality' is used twice",
                "categories[2].code: 'Quality/Brakes' is not a path of segments joined by '/', each 1 to 40 "
                        + "lower-case letters (Chinese as written), digits, '-' or '_', starting with a letter or "
                        + "digit, e.g. product-quality/brakes",
                "categories[3].code: 'quality//noise' is not a path of segments joined by '/', each 1 to 40 "
                        + "lower-case letters (Chinese as written), digits, '-' or '_', starting with a letter or "
                        + "digit, e.g. product-quality/brakes",
                "categories[4].code: its parent 'safety' is not a category of the taxonomy",
                "categories[5].parent: is 'safety' but the code says 'quality'",
                "categories[5].level: is 3 but the code says 2",
                "categories[6]: give a name, zh or en (or both)",
                "categories[6].en: must not be blank (leave it out instead)",
                "categories[7]: is empty",
                "categories[8].code: has 9 levels; at most 8",
                "fallbackCategory: 'misc' is not a category of the taxonomy");
        assertThat(new Taxonomy("empty", null, null).problems()).containsExactly(
                "categories: at least one category is required",
                "fallbackCategory: is required: the category a complaint gets when nothing decides one");
    }

    @Test
    void chineseCodesAreAsValidAsEnglishOnes() {
        Taxonomy chinese = new Taxonomy("gov", "其他", List.of(Category.of("城乡建设", "城乡建设", null),
                Category.of("城乡建设/安全生产", "安全生产", null), Category.of("其他", "其他", null)));

        assertThat(chinese.problems()).isEmpty();
    }

    @Test
    void anUnknownCategorySuggestsTheCodeMeantByItsNameOrLastSegment() {
        assertThat(SHIPPED.unknownCategory("Brakes", "default-taxonomy@1")).isEqualTo(
                "'Brakes' is not a category of default-taxonomy@1; rules name categories by code: did you mean "
                        + "'product-quality/brakes' (制动系统)?");
        assertThat(SHIPPED.unknownCategory("lost", "default-taxonomy@1")).endsWith("'logistics/lost' (丢件)?");
        assertThat(SHIPPED.unknownCategory("warp-drive", "default-taxonomy@1"))
                .isEqualTo("'warp-drive' is not a category of default-taxonomy@1");
    }

    @Test
    void aDocumentWithParentAndLevelAsTheApiShowsThemReadsBackTheSame() throws IOException {
        String shown = STRICT.writeValueAsString(SHIPPED);

        assertThat(shown).contains("\"parent\":\"product-quality/brakes\"", "\"level\":3");
        Taxonomy readBack = STRICT.readValue(shown, Taxonomy.class);
        assertThat(readBack).isEqualTo(SHIPPED);
        assertThat(readBack.problems()).isEmpty();
    }

    static Taxonomy read(String resource) {
        try (InputStream in = TaxonomyTest.class.getResourceAsStream(resource)) {
            return STRICT.readValue(in, Taxonomy.class).normalized();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
