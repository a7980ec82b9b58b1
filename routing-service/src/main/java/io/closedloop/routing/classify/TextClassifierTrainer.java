package io.closedloop.routing.classify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a {@link TextClassifier} from labelled complaints.
 *
 * <p>The learner is L2-regularised logistic regression (LibLinear) through Oracle's Tribuo 4.3: it runs on Java 17
 * (Smile 4+ and Lucene 10 need 21), its probabilities serve as the confidence, it fits a few hundred sparse TF-IDF
 * vectors in a fraction of a second, it saves models in a versioned protobuf format rather than Java serialisation,
 * and it records each model's provenance. Plain liblinear-java would do the maths but none of that bookkeeping.
 * Training is deterministic: the same rows, settings and seed give the same model and the same version hash.
 *
 * <p>An instance holds only settings: it may be shared, and each {@link #train} call stands alone.
 */
public final class TextClassifierTrainer {

    /** The library as the manifest names it (Tribuo's jars carry no version readable at run time). */
    static final String LIBRARY = "Oracle Tribuo 4.3.2 (tribuo-classification-liblinear, LibLinear 2.44)";
    /**
     * Found by cross-validation on the tipdm messages: unit-length TF-IDF vectors want little regularisation
     * (macro-F1 0.35 at C = 1, 0.60 at 10, 0.68 at 100, 0.70 at 1000).
     */
    public static final double DEFAULT_COST = 1000.0;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    static {
        // Tribuo reports each training run on java.util.logging at INFO: noise in a CLI and in the service's log.
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
    }

    private final FeatureSettings features;
    private final double cost;
    private final long seed;
    private final Clock clock;
    private final TextAnalyzer analyzer;

    /**
     * @param cost the inverse regularisation strength C of the logistic regression
     */
    public TextClassifierTrainer(FeatureSettings features, double cost, long seed, Clock clock, TextAnalyzer analyzer) {
        this.features = features;
        this.cost = cost;
        this.seed = seed;
        this.clock = clock;
        this.analyzer = analyzer;
    }

    public TextClassifierTrainer(FeatureSettings features, long seed, Clock clock) {
        this(features, DEFAULT_COST, seed, clock, new TextAnalyzer());
    }

    /**
     * @param trainingFile the source's name for the manifest
     * @throws InvalidInputException with fewer than two labels
     */
    public TextClassifier train(List<LabelledText> rows, String trainingFile) {
        SortedMap<String, Integer> labels = new TreeMap<>();
        rows.forEach(r -> labels.merge(r.label(), 1, Integer::sum));
        if (labels.size() < 2) {
            throw new InvalidInputException("training needs at least two labels, found " + labels.keySet());
        }
        List<List<String>> terms = new ArrayList<>(rows.size());
        for (LabelledText row : rows) {
            terms.add(TfIdfVectorizer.terms(features, analyzer, row.text()));
        }
        TfIdfVectorizer vectorizer = TfIdfVectorizer.fit(features, terms, analyzer);

        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance(trainingFile, factory), factory);
        for (int i = 0; i < rows.size(); i++) {
            dataset.add(TextClassifier.example(new Label(rows.get(i).label()), vectorizer.vector(terms.get(i))));
        }
        Trainer<Label> trainer = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearType.L2R_LR), cost, 1000, 0.01, seed);
        Model<Label> model = trainer.train(dataset);

        String algorithm = String.format(Locale.ROOT,
                "L2-regularised logistic regression (LibLinear L2R_LR, one-vs-rest), C=%s, seed=%d", cost, seed);
        Instant now = clock.instant();
        String version = "text-model@" + STAMP.format(now) + "-" + inputHash(rows, algorithm);
        model.setName(version); // saved inside model.tribuo: load checks it against the manifest
        ModelManifest manifest = new ModelManifest(version, now.toString(), trainingFile, rows.size(), labels,
                LIBRARY, algorithm,
                new ModelManifest.Features(features.describe(), features.minDocumentFrequency(),
                        "tf-idf: sublinear tf, smoothed idf, unit length", vectorizer.idf().size()),
                null);
        return new TextClassifier(model, vectorizer, manifest);
    }

    /**
     * The first 8 hex digits of SHA-256 over everything that decides the model: the rows in order, the features,
     * the learner. Training is deterministic, so equal hashes mean equal models whenever they were trained.
     */
    private String inputHash(List<LabelledText> rows, String algorithm) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (LabelledText row : rows) {
            sha.update(row.label().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(row.text().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 1);
        }
        sha.update((features + "|" + algorithm + "|" + LIBRARY).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
    }
}
