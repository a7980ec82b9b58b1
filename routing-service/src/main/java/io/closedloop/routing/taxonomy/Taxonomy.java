package io.closedloop.routing.taxonomy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The complaint categories as a tree an operator can replace: the six product categories the platform ships with,
 * or a company's own tree of any depth (a government hotline's three-level tree, say). It is a versioned document
 * like the routing rules: validated, then activated from a moment on, and the version in force is recorded on every
 * classification. Rules name categories by code at any level, and a rule about a category applies to every
 * category below it.
 */
public final class Taxonomy {

    /** Same shape as a rules name, so stamps read alike. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /**
     * One segment of a code. Lower-case only where a script has case, so that {@code Brakes} and {@code brakes}
     * cannot both exist; Chinese (and any other script) as written.
     */
    static final Pattern SEGMENT = Pattern.compile("[\\p{Ll}\\p{Lo}\\p{N}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,39}");
    public static final int MAX_DEPTH = 8;
    public static final int MAX_CODE_LENGTH = 200;
    public static final int MAX_NAME_LENGTH = 100;
    /** Large trees exist (thousands of leaves in a government catalogue); this keeps one document reasonable. */
    public static final int MAX_CATEGORIES = 20_000;

    private final String name;
    private final String fallbackCategory;
    private final List<Category> categories;
    /**
     * By code, in document order (the first of a code used twice), built once: a decision asks whether the text
     * model's answer is a category, and trees of thousands of categories exist.
     */
    private final Map<String, Category> index;

    /**
     * @param name             e.g. {@code default-taxonomy}; with the version it makes the stamp
     *                         {@code default-taxonomy@1}
     * @param fallbackCategory the category a complaint gets when neither the rules nor the text model decide one
     *                         (the shipped tree's {@code other}); must be one of the categories
     * @param categories       every category of the tree, each with its parent listed too, in any order
     */
    @JsonCreator
    public Taxonomy(@JsonProperty("name") String name, @JsonProperty("fallbackCategory") String fallbackCategory,
            @JsonProperty("categories") List<Category> categories) {
        this.name = name;
        this.fallbackCategory = fallbackCategory;
        // an unmodifiable copy that keeps null entries, so that problems() can name them
        this.categories = categories == null ? Collections.emptyList()
                : Collections.unmodifiableList(new ArrayList<>(categories));
        Map<String, Category> byCode = new LinkedHashMap<>();
        for (Category category : this.categories) {
            if (category != null && category.code() != null) {
                byCode.putIfAbsent(category.code(), category);
            }
        }
        this.index = Collections.unmodifiableMap(byCode);
    }

    @JsonProperty
    public String name() {
        return name;
    }

    @JsonProperty
    public String fallbackCategory() {
        return fallbackCategory;
    }

    @JsonProperty
    public List<Category> categories() {
        return categories;
    }

    /** The same tree with every category's parent and level derived from its code, as it is stored and shown. */
    public Taxonomy normalized() {
        return new Taxonomy(name, fallbackCategory,
                categories.stream().map(c -> c == null ? null : c.normalized()).toList());
    }

    /** The categories by code, in document order. */
    public Map<String, Category> index() {
        return index;
    }

    public boolean contains(String code) {
        return code != null && index.containsKey(code);
    }

    public Optional<Category> category(String code) {
        return Optional.ofNullable(code == null ? null : index.get(code));
    }

    /** The category and its ancestors, top level first: what analytics show when they roll a complaint up. */
    public List<Category> path(String code) {
        List<Category> path = new ArrayList<>();
        for (String at = code; at != null; at = parentOf(at)) {
            Category category = index.get(at);
            if (category != null) {
                path.add(0, category);
            }
        }
        return path;
    }

    /** The deepest level of the tree (0 when it is empty). */
    public int depth() {
        return categories.stream().filter(c -> c != null && c.code() != null)
                .mapToInt(c -> levelOf(c.code())).max().orElse(0);
    }

    // ---- codes are paths: these need no tree -------------------------------------------------------------------

    /** The parent's code, or null for a top-level category. */
    public static String parentOf(String code) {
        if (code == null) {
            return null;
        }
        int slash = code.lastIndexOf('/');
        return slash < 0 ? null : code.substring(0, slash);
    }

    /** 1 for a top-level category, 2 for its children, and so on. */
    public static Integer levelOf(String code) {
        return code == null ? null : (int) code.chars().filter(ch -> ch == '/').count() + 1;
    }

    /** Whether {@code code} is {@code ancestorOrSelf} or lies below it: a rule naming a category covers its subtree. */
    public static boolean within(String code, String ancestorOrSelf) {
        return code != null && ancestorOrSelf != null && (code.equals(ancestorOrSelf)
                || code.startsWith(ancestorOrSelf) && code.length() > ancestorOrSelf.length()
                        && code.charAt(ancestorOrSelf.length()) == '/');
    }

    /** The code rolled up to a level: {@code rollUp("product-quality/brakes/noise", 1)} is {@code product-quality}. */
    public static String rollUp(String code, int level) {
        if (code == null || level < 1) {
            throw new IllegalArgumentException("a code and a level of at least 1 are required");
        }
        int at = -1;
        for (int i = 0; i < level; i++) {
            at = code.indexOf('/', at + 1);
            if (at < 0) {
                return code;
            }
        }
        return code.substring(0, at);
    }

    /** What is wrong with a code's form, or null when it is a well-formed path. */
    static String codeProblem(String code) {
        if (code == null || code.isBlank()) {
            return "is required";
        }
        if (code.length() > MAX_CODE_LENGTH) {
            return "is longer than " + MAX_CODE_LENGTH + " characters";
        }
        String[] segments = code.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            return "has " + segments.length + " levels; at most " + MAX_DEPTH;
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return "'" + code + "' is not a path of segments joined by '/', each 1 to 40 lower-case letters "
                        + "(Chinese as written), digits, '-' or '_', starting with a letter or digit, "
                        + "e.g. product-quality/brakes";
            }
        }
        return null;
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    /** Everything wrong with the document, each naming the field and the reason; empty when it may be activated. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name: must match " + NAME.pattern());
        }
        if (categories.isEmpty()) {
            problems.add("categories: at least one category is required");
        } else if (categories.size() > MAX_CATEGORIES) {
            problems.add("categories: at most " + MAX_CATEGORIES + " categories, not " + categories.size());
            return problems;
        }
        Set<String> codes = new HashSet<>();
        for (Category category : categories) {
            if (category != null && codeProblem(category.code()) == null) {
                codes.add(category.code());
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            Category category = categories.get(i);
            String at = "categories[" + i + "]";
            if (category == null) {
                problems.add(at + ": is empty");
                continue;
            }
            String codeProblem = codeProblem(category.code());
            if (codeProblem != null) {
                problems.add(at + ".code: " + codeProblem);
            } else {
                String code = category.code();
                if (!seen.add(code)) {
                    problems.add(at + ".code: '" + code + "' is used twice");
                }
                String parent = parentOf(code);
                if (parent != null && !codes.contains(parent)) {
                    problems.add(at + ".code: its parent '" + parent + "' is not a category of the taxonomy");
                }
                if (category.parent() != null && !category.parent().equals(parent)) {
                    problems.add(at + ".parent: is '" + category.parent() + "' but the code says "
                            + (parent == null ? "it is a top-level category" : "'" + parent + "'"));
                }
                if (category.level() != null && !category.level().equals(levelOf(code))) {
                    problems.add(at + ".level: is " + category.level() + " but the code says " + levelOf(code));
                }
            }
            if (blank(category.zh()) && blank(category.en())) {
                problems.add(at + ": give a name, zh or en (or both)");
            }
            nameProblems(at + ".zh", category.zh(), problems);
            nameProblems(at + ".en", category.en(), problems);
        }
        if (fallbackCategory == null || fallbackCategory.isBlank()) {
            problems.add("fallbackCategory: is required: the category a complaint gets when nothing decides one");
        } else if (!codes.contains(fallbackCategory)) {
            problems.add("fallbackCategory: '" + fallbackCategory + "' is not a category of the taxonomy");
        }
        return problems;
    }

    private static void nameProblems(String path, String name, List<String> problems) {
        if (name != null && name.isBlank()) {
            problems.add(path + ": must not be blank (leave it out instead)");
        } else if (name != null && name.length() > MAX_NAME_LENGTH) {
            problems.add(path + ": is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    /**
     * Why a value a rule names is not a category here, with the code meant when the value is a category's name or
     * the last segment of exactly one code: people write {@code 售后服务} or {@code brakes} for
     * {@code after-sales} and {@code product-quality/brakes}.
     */
    public String unknownCategory(String value, String stamp) {
        StringBuilder reason = new StringBuilder("'").append(value).append("' is not a category of ").append(stamp);
        List<Category> meant = categories.stream().filter(c -> c != null && c.code() != null && value != null
                        && (value.strip().equalsIgnoreCase(nullToEmpty(c.zh()).strip())
                                || value.strip().equalsIgnoreCase(nullToEmpty(c.en()).strip())
                                || c.code().endsWith("/" + value.strip().toLowerCase(Locale.ROOT))))
                .limit(4)
                .toList();
        if (!meant.isEmpty()) {
            reason.append("; rules name categories by code: did you mean ").append(String.join(" or ",
                    meant.stream().map(c -> "'" + c.code() + "' (" + c.displayName() + ")").toList())).append('?');
        }
        return reason.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Taxonomy t && Objects.equals(name, t.name)
                && Objects.equals(fallbackCategory, t.fallbackCategory) && categories.equals(t.categories);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fallbackCategory, categories);
    }

    @Override
    public String toString() {
        return "Taxonomy[" + name + ", " + categories.size() + " categories, fallback " + fallbackCategory + "]";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
