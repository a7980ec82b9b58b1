package io.closedloop.routing.classify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
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
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            Files.write(directory.resolve(file.getKey()), file.getValue());
        }
    }

    /**
     * The three files as one zip archive, for storing a model as a value (in routing's model registry) rather than
     * as a directory. {@link #fromArchive} reads it with the same checks as {@link #load}.
     */
    public byte[] toArchive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files().entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                // a fixed time, so the same model always gives the same bytes
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Map<String, byte[]> files() throws IOException {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("version", manifest.version());
        features.put("kinds", vectorizer.settings().describe());
        features.put("minDocumentFrequency", vectorizer.settings().minDocumentFrequency());
        features.put("documents", vectorizer.documents());
        features.put("idf", vectorizer.idf());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL_FILE, model.serialize().toByteArray());
        files.put(FEATURES_FILE, JSON.writeValueAsBytes(features));
        files.put(MANIFEST_FILE, JSON.writeValueAsBytes(manifest));
        return files;
    }

    /**
     * Reads a model saved by {@link #save}.
     *
     * @throws InvalidInputException when a file is missing or unreadable, or the files' versions disagree
     */
    public static TextClassifier load(Path directory) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (String name : List.of(MANIFEST_FILE, FEATURES_FILE, MODEL_FILE)) {
                files.put(name, Files.readAllBytes(directory.resolve(name)));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no model in " + directory + ": missing " + e.getFile());
        }
        return read(files, directory.toString());
    }

    /**
     * Reads a model written by {@link #toArchive}.
     *
     * @param origin where the bytes came from, for messages
     * @throws InvalidInputException when the archive lacks a file, a file is unreadable or their versions disagree
     */
    public static TextClassifier fromArchive(byte[] archive, String origin) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        for (String name : List.of(MANIFEST_FILE, FEATURES_FILE, MODEL_FILE)) {
            if (!files.containsKey(name)) {
                throw new InvalidInputException("no model in " + origin + ": missing " + name);
            }
        }
        return read(files, origin);
    }

    private static TextClassifier read(Map<String, byte[]> files, String origin) {
        try {
            ModelManifest manifest = JSON.readValue(files.get(MANIFEST_FILE), ModelManifest.class);
            Map<String, Object> features = JSON.readValue(files.get(FEATURES_FILE), new TypeReference<>() { });
            Model<?> loaded = Model.deserialize(ModelProto.parseFrom(files.get(MODEL_FILE)));
            if (!manifest.version().equals(features.get("version")) || !manifest.version().equals(loaded.getName())) {
                throw new InvalidInputException("model files in " + origin + " are of different versions: manifest "
                        + manifest.version() + ", features " + features.get("version") + ", model " + loaded.getName());
            }
            if (!loaded.validate(Label.class)) {
                throw new InvalidInputException("model in " + origin + " is not a label classifier");
            }
            @SuppressWarnings("unchecked")
            Model<Label> model = (Model<Label>) loaded;
            FeatureSettings settings = FeatureSettings.parse((String) features.get("kinds"),
                    ((Number) features.get("minDocumentFrequency")).intValue());
            Map<String, Double> idf = JSON.convertValue(features.get("idf"), new TypeReference<Map<String, Double>>() { });
            TfIdfVectorizer vectorizer = new TfIdfVectorizer(settings, ((Number) features.get("documents")).intValue(),
                    new TreeMap<>(idf), new TextAnalyzer());
            return new TextClassifier(model, vectorizer, manifest);
        } catch (IOException | ClassCastException | NullPointerException e) {
            // JacksonException and InvalidProtocolBufferException are IOExceptions
            throw new InvalidInputException("model in " + origin + " is unreadable: "
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
