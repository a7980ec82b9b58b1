package io.closedloop.routing.classify;

/** One complaint's text with the category a person gave it. */
public record LabelledText(String text, String label) {

    public LabelledText {
        if (text == null || label == null || label.isBlank()) {
            throw new IllegalArgumentException("a labelled text needs text and a label");
        }
    }
}
