package io.closedloop.feedback.repeat;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How alike two complaint texts are, from 0 (nothing in common) to 1 (the same): the Dice coefficient of their
 * character bigrams, after folding case, width and punctuation away. Bigrams need no word segmentation, so Chinese
 * and English (and a mix) are compared the same way; a customer who writes about the same problem again uses many
 * of the same characters, in a different order or with more words around them.
 */
public final class TextSimilarity {

    private TextSimilarity() {
    }

    public static double of(String a, String b) {
        Set<String> x = bigrams(a);
        Set<String> y = bigrams(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        return 2.0 * common.size() / (x.size() + y.size());
    }

    static Set<String> bigrams(String text) {
        Set<String> bigrams = new HashSet<>();
        if (text == null) {
            return bigrams;
        }
        // Chinese has no spaces, and how a customer punctuates is not what they complain about
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[\\p{P}\\p{S}\\s]+", "");
        int[] cps = folded.codePoints().toArray();
        for (int i = 0; i + 1 < cps.length; i++) {
            bigrams.add(new String(cps, i, 2));
        }
        return bigrams;
    }
}
