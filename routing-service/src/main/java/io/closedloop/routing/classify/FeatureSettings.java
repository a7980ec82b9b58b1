package io.closedloop.routing.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which terms become features: analyzer words, pairs of adjacent words, pairs of adjacent Han characters; weighted
 * TF-IDF with sublinear term frequency (1 + ln tf), each document scaled to unit length.
 *
 * @param minDocumentFrequency a term seen in fewer training documents is left out of the vocabulary
 */
public record FeatureSettings(boolean words, boolean wordBigrams, boolean hanCharBigrams, int minDocumentFrequency) {

    /**
     * Words and Han character pairs, each seen in at least two training texts: the best of the settings
     * cross-validated on the tipdm messages, by a nose over words alone (see docs/benchmarks.md).
     */
    public static final FeatureSettings DEFAULT = new FeatureSettings(true, false, true, 2);

    public FeatureSettings {
        if (!words && !wordBigrams && !hanCharBigrams) {
            throw new InvalidInputException("features: choose at least one of words, word-bigrams, char-bigrams");
        }
        if (minDocumentFrequency < 1) {
            throw new InvalidInputException("features: the minimum document frequency must be at least 1");
        }
    }

    /** Parses {@code words,word-bigrams,char-bigrams} (any non-empty subset, in any order). */
    public static FeatureSettings parse(String spec, int minDocumentFrequency) {
        boolean words = false;
        boolean bigrams = false;
        boolean chars = false;
        for (String part : spec.split("[,+]")) {
            switch (part.strip().toLowerCase(Locale.ROOT)) {
                case "words" -> words = true;
                case "word-bigrams" -> bigrams = true;
                case "char-bigrams" -> chars = true;
                case "" -> { }
                default -> throw new InvalidInputException(
                        "features: unknown kind '" + part.strip() + "' (known: words, word-bigrams, char-bigrams)");
            }
        }
        return new FeatureSettings(words, bigrams, chars, minDocumentFrequency);
    }

    /** The same words {@link #parse} reads, e.g. {@code words+char-bigrams}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (words) {
            parts.add("words");
        }
        if (wordBigrams) {
            parts.add("word-bigrams");
        }
        if (hanCharBigrams) {
            parts.add("char-bigrams");
        }
        return String.join("+", parts);
    }
}
