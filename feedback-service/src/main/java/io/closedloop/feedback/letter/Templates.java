package io.closedloop.feedback.letter;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's words, one Mustache template per text and language under {@code src/main/resources/templates}
 * ({@code <name>.<zh|en>.mustache}), so that people who write letters can change them without touching code.
 * Mail and letter templates are plain text; page templates are HTML and escape what they insert.
 */
@Component
public class Templates {

    private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).defaultValue("");
    private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).defaultValue("");

    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /** A plain-text template: what it inserts is left as it is. */
    public String text(String name, Language language, Object model) {
        return template(name, language, TEXT).execute(model);
    }

    /** An HTML template: what it inserts is escaped. */
    public String html(String name, Language language, Object model) {
        return template(name, language, HTML).execute(model);
    }

    /** An HTML template shared by both languages: its words come in the model. */
    public String html(String name, Object model) {
        return template("templates/" + name + ".mustache", HTML).execute(model);
    }

    private Template template(String name, Language language, Mustache.Compiler compiler) {
        return template("templates/" + name + "." + language.code() + ".mustache", compiler);
    }

    private Template template(String path, Mustache.Compiler compiler) {
        return compiled.computeIfAbsent(path + (compiler == HTML ? "#html" : "#text"), key -> {
            try (Reader reader = new InputStreamReader(new ClassPathResource(path).getInputStream(),
                    StandardCharsets.UTF_8)) {
                return compiler.compile(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("template " + path + " is missing", e);
            }
        });
    }
}
