package io.closedloop.routing.taxonomy;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a category tree from a CSV with one column per level, the way category catalogues are usually kept in a
 * spreadsheet (一级分类,二级分类,三级分类): each row is a path from the top, and a row may stop early (a category
 * with no children). Optional columns {@code <level>_en} and {@code <level>_code} give a level's English names and
 * code segments; without a code column a segment is made from the English name ({@code Brakes} to {@code brakes})
 * or else the name as written ({@code 安全生产}), so a Chinese tree imports as it is.
 */
public final class TaxonomyCsv {

    static final String ENGLISH_SUFFIX = "_en";
    static final String CODE_SUFFIX = "_code";
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern NOT_IN_SEGMENT = Pattern.compile("[^\\p{Ll}\\p{Lo}\\p{N}_]+");
    private static final Set<String> OTHER_NAMES = Set.of("其他", "其它", "other");

    private TaxonomyCsv() {
    }

    /**
     * The taxonomy the CSV describes, and what the import did that the operator did not write (e.g. added the
     * fallback category). The taxonomy is not yet validated as a whole: {@link Taxonomy#problems()} does that.
     */
    public record Result(Taxonomy taxonomy, List<String> notes) {
    }

    /** The CSV cannot be read as a tree; every problem names the line and column and says why. */
    public static final class InvalidCsvException extends RuntimeException {
        private final List<String> problems;

        InvalidCsvException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** Each as {@code <where>: <reason>}, like a document's problems. */
        public List<String> problems() {
            return problems;
        }
    }

    /** A level: its column, and the columns of its English names and codes, if the CSV has them. */
    private record Level(String header, int column, Integer englishColumn, Integer codeColumn) {
    }

    /** A category met while reading, and the line that first named it. */
    private record Seen(Category category, long line, String written) {
    }

    /**
     * @param name             the new taxonomy's name, e.g. {@code gov-hotline}
     * @param fallbackCategory the code of the category for complaints nothing classifies; null to use a top-level
     *                         其他 / other, which is added when the tree has none
     */
    public static Result read(Reader csv, String name, String fallbackCategory) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).get();
        List<String> problems = new ArrayList<>();
        Map<String, Seen> seen = new LinkedHashMap<>();
        try (CSVParser parser = CSVParser.builder().setReader(csv).setFormat(format).get()) {
            List<Level> levels = levels(parser.getHeaderNames(), problems);
            if (!problems.isEmpty()) {
                throw new InvalidCsvException(problems);
            }
            long rows = 0;
            for (CSVRecord record : parser) {
                rows++;
                readRow(record, levels, seen, problems);
                if (seen.size() > Taxonomy.MAX_CATEGORIES) {
                    problems.add("line " + line(record) + ": more than " + Taxonomy.MAX_CATEGORIES
                            + " categories; split the tree or raise the limit");
                    break;
                }
                if (problems.size() >= 50) {
                    problems.add("line " + line(record) + ": stopped after 50 problems");
                    break;
                }
            }
            if (rows == 0 && problems.isEmpty()) {
                problems.add("csv: has a header but no rows");
            }
        } catch (org.apache.commons.csv.CSVException e) {
            // malformed input found while reading the header (a stray character after a quote): the client's, not a
            // failure to read; it answered 500 (found by HostileInputIT)
            problems.add("csv: is not valid CSV: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            // Commons CSV reports malformed input (an unclosed quote, a repeated header) this way
            problems.add("csv: is not valid CSV: " + firstLine(e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidCsvException(problems);
        }
        List<Category> categories = new ArrayList<>(seen.values().stream().map(Seen::category).toList());
        List<String> notes = new ArrayList<>();
        String fallback = fallbackCategory != null && !fallbackCategory.isBlank() ? fallbackCategory.strip()
                : otherOrAdd(categories, notes);
        return new Result(new Taxonomy(name, fallback, categories), List.copyOf(notes));
    }

    private static List<Level> levels(List<String> headerNames, List<String> problems) {
        Map<String, Integer> header = new LinkedHashMap<>();
        for (int i = 0; i < headerNames.size(); i++) {
            String column = headerNames.get(i).replace("\uFEFF", "").strip();
            if (column.isEmpty()) {
                problems.add("header: column " + (i + 1) + " has no name");
            } else if (header.putIfAbsent(column, i) != null) {
                problems.add("header: column '" + column + "' appears twice");
            }
        }
        List<Level> levels = new ArrayList<>();
        for (Map.Entry<String, Integer> column : header.entrySet()) {
            String h = column.getKey();
            if (h.endsWith(ENGLISH_SUFFIX) || h.endsWith(CODE_SUFFIX)) {
                String level = h.substring(0, h.length() - (h.endsWith(ENGLISH_SUFFIX) ? ENGLISH_SUFFIX.length()
                        : CODE_SUFFIX.length()));
                if (!header.containsKey(level)) {
                    problems.add("header: column '" + h + "' belongs to no level column '" + level + "'");
                }
                continue;
            }
            levels.add(new Level(h, column.getValue(), header.get(h + ENGLISH_SUFFIX), header.get(h + CODE_SUFFIX)));
        }
        if (levels.isEmpty() && problems.isEmpty()) {
            problems.add("header: no level columns; expected e.g. 一级分类,二级分类,三级分类");
        } else if (levels.size() > Taxonomy.MAX_DEPTH) {
            problems.add("header: " + levels.size() + " level columns; at most " + Taxonomy.MAX_DEPTH);
        }
        return levels;
    }

    private static void readRow(CSVRecord record, List<Level> levels, Map<String, Seen> seen, List<String> problems) {
        int deepest = -1;
        for (int i = 0; i < levels.size(); i++) {
            if (!cell(record, levels.get(i).column()).isEmpty()) {
                deepest = i;
            }
        }
        if (deepest < 0) {
            return; // a row of empty cells (a spreadsheet's trailing commas)
        }
        String code = null;
        for (int i = 0; i <= deepest; i++) {
            Level level = levels.get(i);
            String where = "line " + line(record) + " (" + level.header() + ")";
            String written = cell(record, level.column());
            if (written.isEmpty()) {
                problems.add(where + ": is empty, but a deeper level is given");
                return;
            }
            String english = level.englishColumn() == null ? "" : cell(record, level.englishColumn());
            String givenCode = level.codeColumn() == null ? "" : cell(record, level.codeColumn());
            String segment = !givenCode.isEmpty() ? givenCode : segment(!english.isEmpty() ? english : written);
            if (segment.isEmpty()) {
                problems.add(where + ": no code can be made from '" + written + "'; give one in a column "
                        + level.header() + CODE_SUFFIX);
                return;
            }
            code = code == null ? segment : code + "/" + segment;
            String codeProblem = Taxonomy.codeProblem(code);
            if (codeProblem != null) {
                problems.add(where + ": the code " + codeProblem);
                return;
            }
            // a name with Chinese in it is the Chinese name; a Latin one is the English name unless a column gives it
            boolean chinese = HAN.matcher(written).find() || level.englishColumn() != null;
            Category category = Category.of(code, chinese ? written : null,
                    chinese ? (english.isEmpty() ? null : english) : written);
            Seen before = seen.putIfAbsent(code, new Seen(category, line(record), written));
            if (before != null && !before.category().equals(category)) {
                problems.add(where + ": '" + written + "' makes the code '" + code + "', which line " + before.line()
                        + " gives to '" + before.written() + "'"
                        + (before.written().equals(written) ? " with other names" : "; give distinct codes in a column "
                                + level.header() + CODE_SUFFIX));
                return;
            }
        }
    }

    /** A code segment made from a name: lower case, anything but letters, digits and _ as one '-'. */
    static String segment(String name) {
        String segment = NOT_IN_SEGMENT.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
        segment = segment.replaceAll("^[-_]+|-+$", "");
        if (segment.length() > 40) {
            segment = segment.substring(0, 40).replaceAll("-+$", "");
        }
        return segment;
    }

    private static String otherOrAdd(List<Category> categories, List<String> notes) {
        for (Category c : categories) {
            if (c.level() == 1 && (c.code().equals("other") || c.zh() != null && OTHER_NAMES.contains(c.zh())
                    || c.en() != null && OTHER_NAMES.contains(c.en().toLowerCase(Locale.ROOT)))) {
                return c.code();
            }
        }
        if (categories.stream().anyMatch(c -> c.code().equals("other"))) {
            notes.add("fallbackCategory: the tree has no top-level 其他 / other and its code 'other' is taken; "
                    + "name the fallback category");
            return null;
        }
        categories.add(Category.of("other", "其他", "Other"));
        notes.add("categories: added 'other' (其他 / Other) at the top level as the fallback category, for "
                + "complaints neither the rules nor the text model classify; name another with fallbackCategory");
        return "other";
    }

    private static String cell(CSVRecord record, int column) {
        return column < record.size() ? record.get(column).strip() : "";
    }

    private static long line(CSVRecord record) {
        // the header is line 1; a record's number counts data records from 1 (quoted line breaks aside)
        return record.getRecordNumber() + 1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
