package io.closedloop.routing.classify;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import com.hankcs.hanlp.summary.TextRankKeyword;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns complaint text, Chinese, English or both mixed, into the words a classifier and a person can use.
 *
 * <p>The text is cut into runs of Han characters and runs of everything else. Han runs are segmented by HanLP
 * (portable dictionaries, no network) and filtered with HanLP's core stop-word list; other runs go through
 * Lucene 9's {@link EnglishAnalyzer}: Unicode word boundaries (UAX#29), lower case, English stop words, Porter
 * stemming. Lucene rather than a hand-written tokenizer because possessives, stemming and its stop list are
 * done and kept for us; Lucene 10 needs Java 21, so 9.x. Bare numbers and single Latin letters are dropped:
 * order numbers and dates say nothing about the topic.
 *
 * <p>Thread-safe: HanLP's segmenter keeps no per-call state and Lucene hands each thread its own components.
 * The first call loads HanLP's dictionaries (about a second).
 */
public final class TextAnalyzer {

    private final Segment segment = HanLP.newSegment().enablePartOfSpeechTagging(false);
    private final Analyzer english = new EnglishAnalyzer();

    /** Words of the text, in order, stop words removed. */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (Run run : runs(text)) {
            if (run.han()) {
                for (Term term : segment.seg(run.text())) {
                    String word = term.word.strip();
                    if (!word.isEmpty() && !CoreStopWordDictionary.contains(word)) {
                        out.add(word);
                    }
                }
            } else {
                english(run.text(), out);
            }
        }
        return out;
    }

    /** Overlapping pairs of Han characters, within each run: robust where the segmenter cuts a rare term badly. */
    public List<String> hanCharacterBigrams(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (Run run : runs(text)) {
            if (run.han()) {
                String s = run.text();
                for (int i = 0; i + 1 < s.length(); i++) {
                    out.add(s.substring(i, i + 2));
                }
            }
        }
        return out;
    }

    /**
     * The {@code n} words that best say what the text is about, best first: TextRank (HanLP's implementation) over
     * this analyzer's words, so English and mixed text work as well as Chinese. Needs no corpus.
     */
    public List<String> topicKeywords(String text, int n) {
        List<Term> terms = new ArrayList<>();
        for (String token : tokens(text)) {
            terms.add(new Term(token, Nature.n));
        }
        Map<String, Float> ranks = new TextRankKeyword().getTermAndRank(terms);
        return ranks.entrySet().stream()
                .sorted(Map.Entry.<String, Float>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, n))
                .map(Map.Entry::getKey)
                .toList();
    }

    private void english(String text, List<String> out) {
        try (TokenStream stream = english.tokenStream("text", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String word = term.toString();
                if (keepsLatin(word)) {
                    out.add(word);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    private static boolean keepsLatin(String word) {
        return word.length() > 1 && !word.chars().allMatch(Character::isDigit);
    }

    private record Run(String text, boolean han) {
    }

    private static List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        boolean han = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean isHan = Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
            if (i == 0) {
                han = isHan;
            } else if (isHan != han) {
                runs.add(new Run(text.substring(start, i), han));
                start = i;
                han = isHan;
            }
            i += Character.charCount(cp);
        }
        if (start < text.length()) {
            runs.add(new Run(text.substring(start), han));
        }
        return runs;
    }
}
