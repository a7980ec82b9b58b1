package io.closedloop.routing.rules;

import io.closedloop.contract.Channel;
import io.closedloop.contract.InfoType;

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
 * @param categories the category the classification gave, e.g. {@code 售后服务} or {@code after-sales}
 * @param severities the severity, e.g. {@code major}
 * @param products   the product the customer named, compared ignoring case
 * @param channels   the channel it came through
 * @param keywords   words or phrases of which at least one occurs in the subject or text (ignoring case; Chinese
 *                   phrases match as written, no segmentation needed; Latin-script ones as whole words)
 */
public record Condition(Set<InfoType> infoTypes, Set<String> categories, Set<String> severities, Set<String> products,
        Set<Channel> channels, List<String> keywords) {

    public Condition {
        infoTypes = RoutingRules.setOf(infoTypes);
        categories = RoutingRules.setOf(categories);
        severities = RoutingRules.setOf(severities);
        products = RoutingRules.setOf(products);
        channels = RoutingRules.setOf(channels);
        keywords = RoutingRules.listOf(keywords);
    }

    static Condition always() {
        return new Condition(null, null, null, null, null, null);
    }

    /** The keyword that matched, "" when the condition needs none, or null when it does not match. */
    String match(RoutingInput in) {
        if (!infoTypes.isEmpty() && !infoTypes.contains(in.infoTypeOrDefault())) {
            return null;
        }
        if (!categories.isEmpty() && (in.category() == null || !categories.contains(in.category()))) {
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

    List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < keywords.size(); i++) {
            if (keywords.get(i) == null || keywords.get(i).isBlank()) {
                problems.add(path + ".keywords[" + i + "]: must not be blank");
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
            parts.add("category in " + categories.stream().sorted().toList());
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
        return parts.isEmpty() ? "any complaint" : String.join(", ", parts);
    }
}
