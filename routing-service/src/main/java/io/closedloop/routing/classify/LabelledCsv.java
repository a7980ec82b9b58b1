package io.closedloop.routing.classify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labelled complaints from a UTF-8 CSV with a header row (RFC 4180: quoted fields may span lines), choosing
 * the text and label columns by name. Several text columns are joined with a newline, e.g. a subject and a body.
 */
public final class LabelledCsv {

    private LabelledCsv() {
    }

    /**
     * @throws InvalidInputException for a missing file or column, an empty file, no data rows, a row without a label
     *                               or malformed CSV; the message names the file and, where it can, the record
     */
    public static List<LabelledText> read(Path csv, List<String> textColumns, String labelColumn) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, Integer> header = headerWithoutBom(parser);
            if (header.isEmpty()) {
                throw new InvalidInputException(csv + " is empty: expected a header row naming the columns");
            }
            for (String column : concat(textColumns, labelColumn)) {
                if (!header.containsKey(column)) {
                    throw new InvalidInputException(csv + " has no column '" + column + "'; its columns are "
                            + header.keySet());
                }
            }
            List<LabelledText> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                String label = value(record, header.get(labelColumn)).strip();
                if (label.isEmpty()) {
                    throw new InvalidInputException(csv + ": record " + record.getRecordNumber()
                            + " (line " + record.getParser().getCurrentLineNumber() + ") has no " + labelColumn);
                }
                StringJoiner text = new StringJoiner("\n");
                for (String column : textColumns) {
                    text.add(value(record, header.get(column)));
                }
                rows.add(new LabelledText(text.toString(), label));
            }
            if (rows.isEmpty()) {
                throw new InvalidInputException(csv + " has a header but no rows");
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such file: " + csv);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(csv + " is not UTF-8 text");
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            // Commons CSV reports malformed input (an unclosed quote, a duplicate header) this way
            throw new InvalidInputException(csv + " is not valid CSV: " + firstLine(e.getMessage()));
        }
    }

    private static Map<String, Integer> headerWithoutBom(CSVParser parser) {
        Map<String, Integer> header = new LinkedHashMap<>();
        parser.getHeaderMap().forEach((name, index) -> header.put(name.replace("\uFEFF", "").strip(), index));
        header.remove("");
        return header;
    }

    private static String value(CSVRecord record, int index) {
        return index < record.size() ? record.get(index) : "";
    }

    private static List<String> concat(List<String> columns, String column) {
        List<String> all = new ArrayList<>(columns);
        all.add(column);
        return all;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
