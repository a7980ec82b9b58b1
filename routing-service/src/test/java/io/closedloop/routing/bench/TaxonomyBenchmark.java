package io.closedloop.routing.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.routing.rules.Router;
import io.closedloop.routing.rules.RoutingInput;
import io.closedloop.routing.rules.RoutingRules;
import io.closedloop.routing.taxonomy.Taxonomy;
import io.closedloop.routing.taxonomy.TaxonomyCsv;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the category tree and the new routing fields cost, in-process and without Kafka or a database: importing a
 * tree from a CSV, checking rules against it, and classifying and assigning complaints with the shipped rules.
 *
 * <pre>
 * ./mvnw -q -pl routing-service -am install -DskipTests
 * ./mvnw -q -pl routing-service exec:exec -Pbenchmark -Dbench.args="--categories 20000 --complaints 200000"
 * </pre>
 */
public final class TaxonomyBenchmark {

    private static final ObjectMapper STRICT = ContractJson.configure(JsonMapper.builder().build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Path TIPDM = Path.of(System.getProperty("tipdm.dir", "/work/shared/data/tipdm-gov-messages"),
            "taxonomy_fj1.csv");

    /** Keeps each result reachable, so the JIT cannot drop the work that made it. */
    static volatile Object sink;

    public static void main(String[] args) throws IOException {
        int categories = intArg(args, "--categories", 20_000);
        int complaints = intArg(args, "--complaints", 200_000);
        RoutingRules rules = STRICT.readValue(resource("/rules/default-routing.json"), RoutingRules.class);
        Taxonomy shipped = STRICT.readValue(resource("/taxonomy/default-taxonomy.json"), Taxonomy.class);
        System.out.printf(Locale.ROOT, "java %s, %d processors%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        String synthetic = syntheticCsv(categories);
        Taxonomy big = TaxonomyCsv.read(new StringReader(synthetic), "big", null).taxonomy();
        report(String.format(Locale.ROOT, "import a synthetic tree (%,d categories) and validate it", big.categories()
                .size()), 10, () -> TaxonomyCsv.read(new StringReader(synthetic), "big", null).taxonomy().problems());
        if (Files.isReadable(TIPDM)) {
            String csv = Files.readString(TIPDM, StandardCharsets.UTF_8);
            report("import the TipDM tree (517 rows, 651 categories) and validate it", 100,
                    () -> TaxonomyCsv.read(new StringReader(csv), "gov", null).taxonomy().problems());
        }
        report("check the shipped rules against the shipped tree", 2_000, () -> rules.problemsUnder(shipped, "t@1"));
        report(String.format(Locale.ROOT, "check the shipped rules against the synthetic tree (%,d)",
                big.categories().size()), 20, () -> rules.problemsUnder(big, "t@1"));
        String absent = "product-quality/no-such-thing";
        report(String.format(Locale.ROOT, "is a model's label in the tree? (absent, %,d categories)",
                big.categories().size()), 2_000, () -> big.contains(absent));
        report("is a model's label in the tree? (absent, shipped tree)", 2_000, () -> shipped.contains(absent));

        List<RoutingInput> inputs = complaints(complaints);
        // warm up, then time classify + assign over every complaint
        decideAll(inputs, rules);
        long start = System.nanoTime();
        int branch = decideAll(inputs, rules);
        long elapsed = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "%-75s %,12.0f ns each (%,.0f complaints/s; %,d to branch-guangdong)%n",
                "classify and assign with the shipped rules (regions, public posts)", (double) elapsed / inputs.size(),
                inputs.size() / (elapsed / 1e9), branch);
    }

    private static int decideAll(List<RoutingInput> inputs, RoutingRules rules) {
        int branch = 0;
        for (RoutingInput in : inputs) {
            var classification = Router.classify(in, rules);
            RoutingInput classified = classification.map(c -> in.classifiedAs(c.infoType(), c.category(),
                    c.severity())).orElse(in);
            if (Router.assign(classified, rules, "default-routing@1").department().equals("branch-guangdong")) {
                branch++;
            }
        }
        return branch;
    }

    private static List<RoutingInput> complaints(int n) {
        String[][] texts = {
                {"刹车异响", "新车刹车有异响，4S店说正常。"},
                {"维修", "空调维修三次还是不制冷，维修站一直推脱。"},
                {"Parcel two weeks late", "My parcel is two weeks late and nobody answers."},
                {"快递", "我的包裹丢了，快递员也联系不上。"},
                {"退款", "多收了我两百块钱，要求退款。"},
                {"Rude agent", "The agent swore at me on the phone."},
                {"建议", "我有一些想法想反馈给你们。"},
                {null, "营业员一直低头玩手机，对顾客爱答不理"}};
        String[] regions = {"广东省深圳市南山区", "上海市浦东新区", "CN-GD", "北京市朝阳区", null, "广东省广州市天河区"};
        Instant at = Instant.parse("2026-03-11T02:00:00Z");
        List<RoutingInput> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] text = texts[i % texts.length];
            ChannelContext context = i % 7 == 0 ? new ChannelContext("weibo", null, true, 1000L, null, null) : null;
            inputs.add(new RoutingInput(InfoType.COMPLAINT, null, null, null, Channel.WEB, text[0], text[1], null, at,
                    regions[i % regions.length], context));
        }
        return inputs;
    }

    /** A tree of 30 top-level categories, each with 30 children, and leaves below them up to {@code size}. */
    private static String syntheticCsv(int size) {
        StringBuilder csv = new StringBuilder("一级分类,一级分类_en,二级分类,二级分类_en,三级分类,三级分类_en\n");
        int leaves = Math.max(0, size - 30 - 900);
        for (int i = 0; i < Math.max(leaves, 900); i++) {
            int top = i % 30;
            int middle = (i / 30) % 30;
            boolean leaf = i < leaves;
            csv.append("类别").append(top).append(",Category ").append(top).append(",子类").append(top).append('-')
                    .append(middle).append(",Sub ").append(middle).append(',')
                    .append(leaf ? "细类" + i : "").append(',').append(leaf ? "Leaf " + i : "").append('\n');
        }
        return csv.toString();
    }

    private static void report(String what, int repeats, Supplier<?> work) {
        for (int i = 0; i < Math.max(5, repeats / 2); i++) {
            sink = work.get(); // warm-up: let the JIT compile it first
        }
        long[] times = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            sink = work.get();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%-75s %,12.0f ns median, %,12.0f p90%n", what, (double) times[repeats / 2],
                (double) times[repeats * 9 / 10]);
    }

    private static InputStream resource(String name) {
        InputStream in = TaxonomyBenchmark.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing");
        }
        return in;
    }

    private static int intArg(String[] args, String name, int otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return otherwise;
    }
}
