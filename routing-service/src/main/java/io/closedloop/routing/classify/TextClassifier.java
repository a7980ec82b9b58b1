package io.closedloop.routing.classify;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * A trained complaint-text classifier: the analyzer, the TF-IDF vocabulary and a Tribuo linear model, with the
 * manifest that names its version.
 *
 * <p>Saved as a directory of three files: {@code model.tribuo} (Tribuo's protobuf format, no Java serialisation),
 * {@code features.json} (settings and vocabulary with IDF) and {@code manifest.json}. Each of the three carries the
 * version and {@link #load} checks they agree, so a manifest never describes files it was not written with.
 *
 * <p>Thread-safe once built: the model and vocabulary are read-only and Tribuo's linear model predicts without
 * shared mutable state.
 */
public final class TextClassifier {

    static final String MODEL_FILE = "model.tribuo";
    static final String FEATURES_FILE = "features.json";
    static final String MANIFEST_FILE = "manifest.json";
    /** Present in every example, so a text with no known term still gets an answer (close to the label priors). */
    static final String CONSTANT_FEATURE = "_constant";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Model<Label> model;
    private final TfIdfVectorizer vectorizer;
    private final ModelManifest manifest;

    TextClassifier(Model<Label> model, TfIdfVectorizer vectorizer, ModelManifest manifest) {
        this.model = model;
        this.vectorizer = vectorizer;
        this.manifest = manifest;
    }

    /** The most probable label for the text, its probability, every label's probability and this model's version. */
    public Classification classify(String text) {
        Prediction<Label> prediction =
                model.predict(example(LabelFactory.UNKNOWN_LABEL, vectorizer.vector(vectorizer.terms(text))));
        Map<String, Double> scores = new TreeMap<>();
        prediction.getOutputScores().forEach((name, label) -> scores.put(name, label.getScore()));
        Label best = prediction.getOutput();
        return new Classification(best.getLabel(), best.getScore(), manifest.version(), Map.copyOf(scores));
    }

    /**
     * The {@code n} words of the text that are most particular to it against the training texts (TF-IDF), best
     * first. Aware, unlike {@link TextAnalyzer#topicKeywords}, of which words are common in complaints generally.
     */
    public List<String> topicKeywords(String text, int n) {
        return vectorizer.topWords(text, n);
    }

    public String version() {
        return manifest.version();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    TextClassifier withManifest(ModelManifest replacement) {
        return new TextClassifier(model, vectorizer, replacement);
    }

    /** Writes the three files into {@code directory}, creating it if needed and replacing any model there. */
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(MODEL_FILE), model.serialize().toByteArray());
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("version", manifest.version());
        features.put("kinds", vectorizer.settings().describe());
        features.put("minDocumentFrequency", vectorizer.settings().minDocumentFrequency());
        features.put("documents", vectorizer.documents());
        features.put("idf", vectorizer.idf());
        JSON.writeValue(directory.resolve(FEATURES_FILE).toFile(), features);
        JSON.writeValue(directory.resolve(MANIFEST_FILE).toFile(), manifest);
    }

    /**
     * Reads a model saved by {@link #save}.
     *
     * @throws InvalidInputException when a file is missing or unreadable, or the files' versions disagree
     */
    public static TextClassifier load(Path directory) throws IOException {
        try {
            ModelManifest manifest = JSON.readValue(Files.readAllBytes(directory.resolve(MANIFEST_FILE)), ModelManifest.class);
            Map<String, Object> features =
                    JSON.readValue(Files.readAllBytes(directory.resolve(FEATURES_FILE)), new TypeReference<>() { });
            Model<?> loaded = Model.deserialize(ModelProto.parseFrom(Files.readAllBytes(directory.resolve(MODEL_FILE))));
            if (!manifest.version().equals(features.get("version")) || !manifest.version().equals(loaded.getName())) {
                throw new InvalidInputException("model files in " + directory + " are of different versions: manifest "
                        + manifest.version() + ", features " + features.get("version") + ", model " + loaded.getName());
            }
            if (!loaded.validate(Label.class)) {
                throw new InvalidInputException("model in " + directory + " is not a label classifier");
            }
            @SuppressWarnings("unchecked")
            Model<Label> model = (Model<Label>) loaded;
            FeatureSettings settings = FeatureSettings.parse((String) features.get("kinds"),
                    ((Number) features.get("minDocumentFrequency")).intValue());
            Map<String, Double> idf = JSON.convertValue(features.get("idf"), new TypeReference<Map<String, Double>>() { });
            TfIdfVectorizer vectorizer = new TfIdfVectorizer(settings, ((Number) features.get("documents")).intValue(),
                    new TreeMap<>(idf), new TextAnalyzer());
            return new TextClassifier(model, vectorizer, manifest);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no model in " + directory + ": missing " + e.getFile());
        } catch (JacksonException | InvalidProtocolBufferException | ClassCastException | NullPointerException e) {
            throw new InvalidInputException("model in " + directory + " is unreadable: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    static ArrayExample<Label> example(Label label, SortedMap<String, Double> vector) {
        String[] names = new String[vector.size() + 1];
        double[] values = new double[vector.size() + 1];
        names[0] = CONSTANT_FEATURE;
        values[0] = 1.0;
        int i = 1;
        for (Map.Entry<String, Double> e : vector.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return new ArrayExample<>(label, names, values);
    }
}
