package io.closedloop.routing.taxonomy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Category trees imported from a CSV with a column per level, in Chinese, English or both. */
class TaxonomyCsvTest {

    /**
     * The TipDM "ask the government" category tree (3 levels, 517 rows). Its licence does not allow shipping it,
     * so the test that reads it runs only where it is present: {@code -Dtipdm.dir=...} or the shared data folder.
     */
    static final Path TIPDM = Path.of(System.getProperty("tipdm.dir", "/work/shared/data/tipdm-gov-messages"),
            "taxonomy_fj1.csv");

    @Test
    void ourOwnThreeLevelTreeImportsWithEnglishNamesAndCodesMadeFromThem() throws IOException {
        TaxonomyCsv.Result result;
        try (Reader csv = new InputStreamReader(TaxonomyCsvTest.class.getResourceAsStream(
                "/taxonomy/home-appliances.csv"), StandardCharsets.UTF_8)) {
            result = TaxonomyCsv.read(csv, "home-appliances", null);
        }

        Taxonomy tree = result.taxonomy();
        assertThat(tree.problems()).isEmpty();
        assertThat(result.notes()).as("it has its own 其他 / Other").isEmpty();
        assertThat(tree.fallbackCategory()).isEqualTo("other");
        assertThat(tree.categories()).hasSize(21);
        assertThat(tree.depth()).isEqualTo(3);
        Map<String, Category> byCode = tree.index();
        assertThat(byCode.get("product-quality/cooling/not-cooling"))
                .isEqualTo(new Category("product-quality/cooling/not-cooling", "不制冷", "Not cooling",
                        "product-quality/cooling", 3));
        assertThat(byCode.get("after-sales/return-or-exchange").zh()).as("a quoted cell").isEqualTo("退货、换货");
        assertThat(byCode.get("service-attitude").level()).as("a row that stops early").isEqualTo(1);
        assertThat(tree.categories().stream().filter(c -> c.level() == 1).map(Category::code)).containsExactly(
                "product-quality", "after-sales", "service-attitude", "price", "logistics", "other");
    }

    @Test
    void aChineseTreeImportsWithItsNamesAsCodesAndGetsAFallbackCategoryAdded() {
        TaxonomyCsv.Result result = read("""
                一级分类,二级分类,三级分类
                城乡建设,安全生产,事故处理
                城乡建设,城乡规划,其他
                城乡建设,城市建设和市政管理,其他
                国土资源,土地资源管理,房产证登记、办理
                农村农业,农村管理,农村“八大员”问题
                """, null);

        Taxonomy tree = result.taxonomy();
        assertThat(tree.problems()).isEmpty();
        assertThat(tree.index()).containsKeys("城乡建设/安全生产/事故处理", "城乡建设/城乡规划/其他",
                "城乡建设/城市建设和市政管理/其他", "国土资源/土地资源管理/房产证登记-办理", "农村农业/农村管理/农村-八大员-问题");
        assertThat(tree.index().get("城乡建设/城乡规划/其他").zh()).isEqualTo("其他");
        assertThat(tree.index().get("城乡建设/城乡规划/其他").en()).isNull();
        // no top-level 其他 in the tree: complaints nothing classifies still need a category
        assertThat(tree.fallbackCategory()).isEqualTo("other");
        assertThat(tree.index().get("other")).isEqualTo(Category.of("other", "其他", "Other"));
        assertThat(result.notes()).singleElement().asString().startsWith("categories: added 'other'");
    }

    @Test
    void aNamedFallbackCategoryIsUsedAndNothingIsAdded() {
        TaxonomyCsv.Result result = read("""
                level1,level2
                Roads,Potholes
                Roads,Street lights
                Misc,
                """, "misc");

        assertThat(result.taxonomy().problems()).isEmpty();
        assertThat(result.notes()).isEmpty();
        assertThat(result.taxonomy().index().keySet()).containsExactly("roads", "roads/potholes",
                "roads/street-lights", "misc");
        assertThat(result.taxonomy().index().get("roads/potholes").en()).as("a Latin name is the English one")
                .isEqualTo("Potholes");
        assertThat(result.taxonomy().index().get("roads/potholes").zh()).isNull();
    }

    @Test
    void codesGivenInACodeColumnAreUsedAsWritten() {
        Taxonomy tree = read("""
                一级分类,一级分类_code,二级分类,二级分类_code
                产品质量,pq,刹车,brk
                其他,other,,
                """, null).taxonomy();

        assertThat(tree.index().keySet()).containsExactly("pq", "pq/brk", "other");
        assertThat(tree.index().get("pq/brk").zh()).isEqualTo("刹车");
    }

    @Test
    void everyProblemNamesTheLineAndTheColumn() {
        TaxonomyCsv.InvalidCsvException e = catchThrowableOfType(TaxonomyCsv.InvalidCsvException.class, () -> read("""
                一级分类,二级分类,二级分类_code
                产品质量,,
                产品质量,,brakes
                ,刹车,
                产品质量,刹车 异响,
                产品质量,刹车-异响,
                产品质量,Bad Code,Bad Code
                """, null));

        assertThat(e.problems()).containsExactly(
                "line 4 (一级分类): is empty, but a deeper level is given",
                "line 6 (二级分类): '刹车-异响' makes the code '产品质量/刹车-异响', which line 5 gives to '刹车 异响'; "
                        + "give distinct codes in a column 二级分类_code",
                "line 7 (二级分类): the code '产品质量/Bad Code' is not a path of segments joined by '/', each 1 to 40 "
                        + "lower-case letters (Chinese as written), digits, '-' or '_', starting with a letter or "
                        + "digit, e.g. product-quality/brakes");
    }

    @Test
    void aCsvThatIsNotATreeIsRefusedSayingWhy() {
        assertThat(problems("一级分类,二级分类_en\n产品质量,Quality\n")).containsExactly(
                "header: column '二级分类_en' belongs to no level column '二级分类'");
        assertThat(problems("一级分类,一级分类\n产品质量,质量\n")).containsExactly(
                "header: column '一级分类' appears twice");
        assertThat(problems("一级分类,二级分类\n")).containsExactly("csv: has a header but no rows");
        assertThat(problems("一级分类\n\"产品质量\n")).singleElement().asString().startsWith("csv: is not valid CSV");
        // a stray character after a quoted header (found by HostileInputIT: it answered 500)
        assertThat(problems("\"一级分类\"x,二级分类\n产品质量,质量\n")).singleElement().asString()
                .startsWith("csv: is not valid CSV");
        assertThat(problems("")).containsExactly("header: no level columns; expected e.g. 一级分类,二级分类,三级分类");
    }

    @Test
    void aNameBecomesACodeSegmentInLowerCaseWithPunctuationAsHyphens() {
        assertThat(TaxonomyCsv.segment("Product Quality")).isEqualTo("product-quality");
        assertThat(TaxonomyCsv.segment("  Return / Exchange  ")).isEqualTo("return-exchange");
        assertThat(TaxonomyCsv.segment("房产证登记、办理")).isEqualTo("房产证登记-办理");
        assertThat(TaxonomyCsv.segment("农村“八大员”问题")).isEqualTo("农村-八大员-问题");
        assertThat(TaxonomyCsv.segment("!!!")).isEmpty();
    }

    @Test
    void theThreeLevelGovernmentTreeImportsWhenItIsPresent() throws IOException {
        assumeTrue(Files.isReadable(TIPDM), "the TipDM data is not on this machine: " + TIPDM);

        TaxonomyCsv.Result result;
        try (Reader csv = Files.newBufferedReader(TIPDM, StandardCharsets.UTF_8)) {
            result = TaxonomyCsv.read(csv, "gov-hotline", null);
        }

        Taxonomy tree = result.taxonomy();
        assertThat(tree.problems()).isEmpty();
        Map<Integer, Long> perLevel = tree.categories().stream()
                .collect(Collectors.groupingBy(Category::level, Collectors.counting()));
        // 15 top-level categories of the file and the added 其他, 118 second-level, 517 third-level
        assertThat(perLevel).containsExactlyInAnyOrderEntriesOf(Map.of(1, 16L, 2, 118L, 3, 517L));
        assertThat(tree.category("城乡建设/安全生产/事故处理")).hasValueSatisfying(c -> {
            assertThat(c.parent()).isEqualTo("城乡建设/安全生产");
            assertThat(Taxonomy.within(c.code(), "城乡建设")).isTrue();
        });
        // every category's parent is in the tree, and codes are unique though names like 其他 repeat
        assertThat(tree.categories().stream().collect(Collectors.groupingBy(Category::code, Collectors.counting()))
                .values()).allMatch(n -> n == 1);
        assertThat(tree.categories().stream().filter(c -> "其他".equals(c.zh())).count()).isGreaterThan(10);
        assertThat(tree.categories()).hasSize(651);
    }

    private static TaxonomyCsv.Result read(String csv, String fallback) {
        return TaxonomyCsv.read(new StringReader(csv), "test-tree", fallback);
    }

    private static java.util.List<String> problems(String csv) {
        return catchThrowableOfType(TaxonomyCsv.InvalidCsvException.class, () -> read(csv, null)).problems();
    }
}
