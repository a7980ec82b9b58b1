package io.closedloop.routing.rules;

import io.closedloop.contract.Channel;
import io.closedloop.contract.InfoType;
import io.closedloop.routing.taxonomy.Taxonomy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * When a rule applies: every field given must match, and a field with several values matches any of them. An empty
 * condition matches every complaint (a catch-all rule at the end of a list).
 *
 * @param infoTypes  the complaint's information type (an unknown type counts as {@code complaint})
 * @param categories category codes of the taxonomy at any level; each matches the category and every category
 *                   below it ({@code product-quality} matches {@code product-quality/brakes/noise})
 * @param severities the severity, e.g. {@code major}
 * @param products   the product the customer named, compared ignoring case
 * @param channels   the channel it came through
 * @param keywords   words or phrases of which at least one occurs in the subject or text (ignoring case; Chinese
 *                   phrases match as written, no segmentation needed; Latin-script ones as whole words)
 * @param regions    the complaint's region, exactly ({@code 上海市浦东新区}, a sales-region code such as
 *                   {@code cn-east}), or every region that starts with a prefix written with a trailing {@code *}
 *                   ({@code 上海市*}); compared ignoring case and surrounding spaces. A complaint without a region
 *                   matches none.
 * @param publicPost {@code true} matches complaints the channel says others can see (its
 *                   {@code channelContext.publicPost}: a public social post, mention or comment); {@code false}
 *                   matches every other (private, or the channel does not say)
 */
public record Condition(Set<InfoType> infoTypes, Set<String> categories, Set<String> severities, Set<String> products,
        Set<Channel> channels, List<String> keywords, List<String> regions, Boolean publicPost) {

    public Condition {
        infoTypes = RoutingRules.setOf(infoTypes);
        categories = RoutingRules.setOf(categories);
        severities = RoutingRules.setOf(severities);
        products = RoutingRules.setOf(products);
        channels = RoutingRules.setOf(channels);
        keywords = RoutingRules.listOf(keywords);
        regions = RoutingRules.listOf(regions);
    }

    static Condition always() {
        return new Condition(null, null, null, null, null, null, null, null);
    }

    /** The keyword that matched, "" when the condition needs none, or null when it does not match. */
    String match(RoutingInput in) {
        if (!infoTypes.isEmpty() && !infoTypes.contains(in.infoTypeOrDefault())) {
            return null;
        }
        if (!categories.isEmpty() && categories.stream().noneMatch(c -> Taxonomy.within(in.category(), c))) {
            return null;
        }
        if (!severities.isEmpty() && (in.severity() == null || !severities.contains(in.severity()))) {
            return null;
        }
        if (!products.isEmpty() && (in.product() == null || products.stream()
                .noneMatch(p -> p != null && p.equalsIgnoreCase(in.product().strip())))) {
            return null;
        }
        if (!channels.isEmpty() && !channels.contains(in.channel())) {
            return null;
        }
        if (!regions.isEmpty() && regions.stream().noneMatch(r -> regionMatches(r, in.region()))) {
            return null;
        }
        if (publicPost != null && publicPost != in.publicPost()) {
            return null;
        }
        if (keywords.isEmpty()) {
            return "";
        }
        String text = in.searchableText();
        return keywords.stream().filter(k -> k != null && !k.isBlank() && occurs(k, text)).findFirst().orElse(null);
    }

    private static final Pattern LATIN = Pattern.compile("[\\p{IsLatin}\\p{N} '\\-]+");
    private static final Map<String, Pattern> WHOLE_WORDS = new ConcurrentHashMap<>();

    /**
     * Whether a keyword occurs in the (lower-cased) text. Chinese is written without spaces, so a Chinese keyword
     * matches anywhere; a Latin-script keyword matches whole words only ("rude" is not in "prudent", "fire" not in
     * "fired").
     */
    static boolean occurs(String keyword, String text) {
        String k = keyword.toLowerCase(Locale.ROOT).strip();
        if (!LATIN.matcher(k).matches()) {
            return text.contains(k);
        }
        return WHOLE_WORDS.computeIfAbsent(k, w -> Pattern.compile("(?<![\\p{IsLatin}\\p{N}])" + Pattern.quote(w)
                + "(?![\\p{IsLatin}\\p{N}])")).matcher(text).find();
    }

    /** An exact region, or a prefix written with a trailing {@code *}; ignoring case (sales-region codes). */
    static boolean regionMatches(String pattern, String region) {
        if (pattern == null || region == null) {
            return false;
        }
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        String r = region.strip().toLowerCase(Locale.ROOT);
        return p.endsWith("*") ? r.startsWith(p.substring(0, p.length() - 1)) : r.equals(p);
    }

    List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < keywords.size(); i++) {
            if (keywords.get(i) == null || keywords.get(i).isBlank()) {
                problems.add(path + ".keywords[" + i + "]: must not be blank");
            }
        }
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get(i) == null ? null : regions.get(i).strip();
            if (region == null || region.isEmpty()) {
                problems.add(path + ".regions[" + i + "]: must not be blank");
            } else if (region.equals("*")) {
                problems.add(path + ".regions[" + i + "]: '*' alone would match every region with one; "
                        + "leave regions out to match every complaint");
            } else if (region.indexOf('*') >= 0 && region.indexOf('*') < region.length() - 1) {
                problems.add(path + ".regions[" + i + "]: '*' may only end a region, as a prefix: e.g. 上海市*");
            } else if (region.length() > 100) {
                problems.add(path + ".regions[" + i + "]: is longer than 100 characters");
            }
        }
        if (infoTypes.contains(null)) {
            problems.add(path + ".infoTypes: must not contain null");
        }
        if (channels.contains(null)) {
            problems.add(path + ".channels: must not contain null");
        }
        blanks(path + ".categories", categories, problems);
        blanks(path + ".severities", severities, problems);
        blanks(path + ".products", products, problems);
        return problems;
    }

    private static void blanks(String path, Set<String> values, List<String> problems) {
        if (values.stream().anyMatch(v -> v == null || v.isBlank())) {
            problems.add(path + ": must not contain a blank value");
        }
    }

    /** For a decision's reason: what this condition looked at. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!infoTypes.isEmpty()) {
            parts.add("infoType in " + infoTypes.stream().map(InfoType::code).sorted().toList());
        }
        if (!categories.isEmpty()) {
            parts.add("category within " + categories.stream().sorted().toList());
        }
        if (!severities.isEmpty()) {
            parts.add("severity in " + severities.stream().sorted().toList());
        }
        if (!products.isEmpty()) {
            parts.add("product in " + products.stream().sorted().toList());
        }
        if (!channels.isEmpty()) {
            parts.add("channel in " + channels.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList());
        }
        if (!regions.isEmpty()) {
            parts.add("region in " + regions);
        }
        if (publicPost != null) {
            parts.add(publicPost ? "public post" : "not a public post");
        }
        return parts.isEmpty() ? "any complaint" : String.join(", ", parts);
    }
}
