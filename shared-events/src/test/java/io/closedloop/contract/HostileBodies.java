package io.closedloop.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.closedloop.contract.json.ContractJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Request bodies and parameter values a careless or malicious client might send, for the services' HostileInputIT
 * (the endpoint half; intake's own generator is the model): any JSON, the endpoint's own field names with values of
 * the wrong kind, huge or full of control characters, random bytes, JSON nested up to 60,000 deep, text that is not
 * UTF-8, and the classics (empty, null, two values, a byte-order mark). Sampled outside the jqwik engine, so every
 * run tries other values.
 */
public final class HostileBodies {

    private HostileBodies() {
    }

    /**
     * Bodies as the bytes on the wire.
     *
     * @param fieldNames the names the endpoints read, so that hostile values reach the code that reads them
     */
    public static Iterator<byte[]> bodies(List<String> fieldNames) {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(fieldNames), Arbitraries.strings().all()
                .ofMaxLength(20).map(HostileBodies::wellFormed));
        Arbitrary<Object> values = Arbitraries.oneOf(jsonTrees(names), hostileValues());
        Arbitrary<byte[]> objects = Arbitraries.maps(Arbitraries.of(fieldNames), values).ofMinSize(1)
                .ofMaxSize(fieldNames.size()).map(HostileBodies::bytes);
        return Arbitraries.frequencyOf(
                Tuple.of(3, jsonTrees(names).map(HostileBodies::bytes)),
                Tuple.of(5, objects),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(1, Arbitraries.integers().between(1_000, 60_000).map(HostileBodies::deeplyNested)),
                Tuple.of(1, Arbitraries.of("", "null", "[]", "{}", "\"\"", "0", "{\"a\":", "\uFEFF{}",
                        "{\"a\":1}{\"b\":2}").map(text -> text.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, objects.map(HostileBodies::misencoded)))
                .sampleStream().iterator();
    }

    /** Query parameter and path values: empty, huge, control characters, markup, far-off dates, odd numbers. */
    public static Iterator<String> parameterValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(HostileBodies::wellFormed),
                Arbitraries.of("", " ", "-1", "0", "99999999999999999999", "1e400", "NaN", "2026-13-45",
                        "2026-02-30T25:61:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01", "P-1D",
                        "<script>alert(1)</script>", "'; drop table processed_event; --", "../../etc/passwd",
                        "%00", "\u0000", "${jndi:ldap://x/a}", "长".repeat(300), "x".repeat(3_000)))
                .sampleStream().iterator();
    }

    private static Arbitrary<Object> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(10_000, 300_000).map(n -> (Object) "长".repeat(n)),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(50).map(Object.class::cast),
                Arbitraries.of("2026-13-45T99:99:99Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                        "NaN", "<script>alert(1)</script>", "'; drop table processed_event; --", "../../etc/passwd",
                        "${jndi:ldap://x/a}", "\u0000").map(Object.class::cast),
                Arbitraries.of(new BigInteger("99999999999999999999999999999999"), -1, 0, Long.MIN_VALUE,
                        Double.MAX_VALUE, -0.0).map(Object.class::cast));
    }

    /** Any JSON: objects, arrays, strings with control characters and any script, numbers of any size. */
    private static Arbitrary<Object> jsonTrees(Arbitrary<String> names) {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(text -> (Object) wellFormed(text)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(Object.class::cast),
                Arbitraries.maps(names, inner).ofMaxSize(5).map(Object.class::cast)), 0, 4);
    }

    /** Through UTF-8 and back: half a surrogate pair jqwik may make cannot be written as JSON. */
    private static String wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static byte[] deeplyNested(int depth) {
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    /** Text in GBK sent as if it were UTF-8, as a misconfigured client would. */
    private static byte[] misencoded(byte[] utf8) {
        return (new String(utf8, StandardCharsets.UTF_8) + "{\"备注\":\"投诉处理\"}").getBytes(Charset.forName("GBK"));
    }

    private static byte[] bytes(Object tree) {
        try {
            return ContractJson.mapper().writeValueAsBytes(tree == null ? JsonNodeFactory.instance.nullNode() : tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
