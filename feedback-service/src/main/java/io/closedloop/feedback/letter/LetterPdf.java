package io.closedloop.feedback.letter;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import com.lowagie.text.pdf.draw.LineSeparator;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * The printable letter: a written text laid out on A4 with OpenPDF. One font for both languages, WenQuanYi Micro
 * Hei (shipped in {@code fonts/}, Apache License 2.0; it has Latin glyphs too), embedded as a subset so the letter
 * prints the same anywhere. The text's own light markup decides the layout: a line {@code ## Heading} starts a
 * section, {@code - item} is a list item, anything else is a paragraph line.
 */
@Component
public class LetterPdf {

    static final String FONT = "fonts/wqy-microhei.ttc";

    private final BaseFont font;

    public LetterPdf() {
        try (InputStream in = new ClassPathResource(FONT).getInputStream()) {
            // ",0": the first face of the collection; Identity-H so every Chinese character can be written
            font = BaseFont.createFont("wqy-microhei.ttc,0", BaseFont.IDENTITY_H, BaseFont.EMBEDDED,
                    BaseFont.CACHED, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("the letter font " + FONT + " cannot be read", e);
        }
    }

    /**
     * @param letterhead the sender's name at the top of the page
     * @param createdAt  the PDF's creation date (from the service's clock, so that a letter made twice is the same)
     */
    public byte[] render(Written letter, String letterhead, Instant createdAt) {
        Font head = new Font(font, 15, Font.BOLD, new Color(0x1f, 0x3a, 0x5f));
        Font title = new Font(font, 13, Font.BOLD);
        Font heading = new Font(font, 11.5f, Font.BOLD, new Color(0x1f, 0x3a, 0x5f));
        Font body = new Font(font, 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 64, 64, 56, 56);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            document.addTitle(letter.subject());
            document.addCreator(letterhead);
            document.open();
            Calendar created = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(createdAt.toEpochMilli());
            // the clock's time, not the machine's: the same letter made again is the same letter
            writer.getInfo().put(PdfName.CREATIONDATE, new PdfDate(created));
            writer.getInfo().put(PdfName.MODDATE, new PdfDate(created));
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(letter.language().htmlTag()));
            Paragraph top = new Paragraph(letterhead, head);
            top.setAlignment(Element.ALIGN_LEFT);
            document.add(top);
            document.add(new Chunk(new LineSeparator(0.6f, 100, new Color(0x1f, 0x3a, 0x5f), Element.ALIGN_CENTER,
                    -4)));
            Paragraph subject = new Paragraph(letter.subject(), title);
            subject.setSpacingBefore(14);
            subject.setSpacingAfter(10);
            document.add(subject);
            for (String line : letter.body().split("\n", -1)) {
                document.add(paragraph(line, heading, body));
            }
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the letter could not be laid out", e);
        }
        return out.toByteArray();
    }

    private static Paragraph paragraph(String line, Font heading, Font body) {
        if (line.startsWith("## ")) {
            Paragraph p = new Paragraph(line.substring(3).strip(), heading);
            p.setSpacingBefore(8);
            p.setSpacingAfter(2);
            return p;
        }
        if (line.startsWith("- ")) {
            Paragraph p = new Paragraph("•  " + line.substring(2).strip(), body);
            p.setIndentationLeft(14);
            p.setLeading(17);
            return p;
        }
        if (line.isBlank()) {
            Paragraph p = new Paragraph(" ", body);
            p.setLeading(8);
            return p;
        }
        Paragraph p = new Paragraph(line, body);
        p.setLeading(17);
        return p;
    }
}
