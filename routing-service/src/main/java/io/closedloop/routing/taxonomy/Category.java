package io.closedloop.routing.taxonomy;

/**
 * One category of a {@link Taxonomy}. Its code is its path from the top of the tree, segments joined by {@code /}
 * ({@code product-quality/brakes/noise}), so a code alone says where the category sits: its parent is the code
 * without the last segment, its level the number of segments, and analytics roll a category up to any level by
 * keeping that many segments, without asking this service.
 *
 * @param code   the path, e.g. {@code product-quality/brakes}; segments are lower-case letters of any script
 *               (Chinese included), digits, {@code -} and {@code _}
 * @param zh     the Chinese name, e.g. {@code 制动系统}
 * @param en     the English name, e.g. {@code Brakes}; a category needs at least one of the two names
 * @param parent derived from the code; when a document gives it, it must agree
 * @param level  1 for a top-level category; derived from the code, and when given it must agree
 */
public record Category(String code, String zh, String en, String parent, Integer level) {

    public static Category of(String code, String zh, String en) {
        return new Category(code, zh, en, Taxonomy.parentOf(code), Taxonomy.levelOf(code));
    }

    /** The same category with its parent and level derived from the code, as it is stored and shown. */
    Category normalized() {
        return code == null ? this : of(code, zh, en);
    }

    /** The name to show: the Chinese one where there is one, else the English one. */
    public String displayName() {
        return zh != null && !zh.isBlank() ? zh : en;
    }
}
