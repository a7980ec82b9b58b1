package io.closedloop.routing.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The vocabulary learnt from the training texts and each term's inverse document frequency; turns a text into a
 * unit-length TF-IDF vector. Immutable, so thread-safe.
 */
final class TfIdfVectorizer {

    static final String WORD = "w=";
    static final String WORD_BIGRAM = "b=";
    static final String CHAR_BIGRAM = "c=";

    private final FeatureSettings settings;
    private final int documents;
    private final SortedMap<String, Double> idf;
    private final TextAnalyzer analyzer;

    TfIdfVectorizer(FeatureSettings settings, int documents, SortedMap<String, Double> idf, TextAnalyzer analyzer) {
        this.settings = settings;
        this.documents = documents;
        this.idf = idf;
        this.analyzer = analyzer;
    }

    /** Learns the vocabulary from analysed training texts (see {@link #terms}). */
    static TfIdfVectorizer fit(FeatureSettings settings, List<List<String>> termsPerText, TextAnalyzer analyzer) {
        Map<String, Integer> df = new HashMap<>();
        for (List<String> terms : termsPerText) {
            for (String term : new HashSet<>(terms)) {
                df.merge(term, 1, Integer::sum);
            }
        }
        int n = termsPerText.size();
        SortedMap<String, Double> idf = new TreeMap<>();
        df.forEach((term, count) -> {
            if (count >= settings.minDocumentFrequency()) {
                idf.put(term, idf(n, count));
            }
        });
        return new TfIdfVectorizer(settings, n, idf, analyzer);
    }

    /** Smoothed, as if one extra document held every term: never zero, never infinite. */
    static double idf(int documents, int documentFrequency) {
        return Math.log((1.0 + documents) / (1.0 + documentFrequency)) + 1.0;
    }

    /** The text's terms as these settings define them, prefixed by kind so a word and a bigram never collide. */
    List<String> terms(String text) {
        return terms(settings, analyzer, text);
    }

    static List<String> terms(FeatureSettings settings, TextAnalyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        if (settings.words() || settings.wordBigrams()) {
            List<String> words = analyzer.tokens(text);
            if (settings.words()) {
                words.forEach(w -> out.add(WORD + w));
            }
            if (settings.wordBigrams()) {
                for (int i = 0; i + 1 < words.size(); i++) {
                    out.add(WORD_BIGRAM + words.get(i) + "_" + words.get(i + 1));
                }
            }
        }
        if (settings.hanCharBigrams()) {
            analyzer.hanCharacterBigrams(text).forEach(c -> out.add(CHAR_BIGRAM + c));
        }
        return out;
    }

    /** Sublinear TF times IDF over the known terms, scaled to unit length; empty when no term is known. */
    SortedMap<String, Double> vector(Collection<String> terms) {
        Map<String, Integer> tf = new HashMap<>();
        for (String term : terms) {
            if (idf.containsKey(term)) {
                tf.merge(term, 1, Integer::sum);
            }
        }
        SortedMap<String, Double> vector = new TreeMap<>();
        double norm = 0;
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            double weight = (1.0 + Math.log(e.getValue())) * idf.get(e.getKey());
            vector.put(e.getKey(), weight);
            norm += weight * weight;
        }
        double length = Math.sqrt(norm);
        vector.replaceAll((term, weight) -> weight / length);
        return vector;
    }

    /** The words of the text weighted by TF-IDF against the training texts, best first; unseen words count as rare. */
    List<String> topWords(String text, int n) {
        Map<String, Integer> tf = new HashMap<>();
        analyzer.tokens(text).forEach(w -> tf.merge(w, 1, Integer::sum));
        double unseen = idf(documents, 0);
        Map<String, Double> weight = new HashMap<>();
        tf.forEach((word, count) ->
                weight.put(word, (1.0 + Math.log(count)) * idf.getOrDefault(WORD + word, unseen)));
        return weight.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, n))
                .map(Map.Entry::getKey)
                .toList();
    }

    FeatureSettings settings() {
        return settings;
    }

    int documents() {
        return documents;
    }

    SortedMap<String, Double> idf() {
        return idf;
    }
}
