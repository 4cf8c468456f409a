package org.openloa.cms.area;

import java.util.List;
import java.util.UUID;

/**
 * An area as a page lists it: in tree order, with its level below the shallowest area listed, so a commune
 * official's own commune sits at the left edge and a national user's provinces do too.
 */
public record AreaChoice(Area area, int level) {

    /** Indents the areas (in tree order, as {@link AreaService#visibleTo} gives them) from the shallowest. */
    public static List<AreaChoice> of(List<Area> areas) {
        int top = areas.stream().mapToInt(Area::depth).min().orElse(0);
        return areas.stream().map(a -> new AreaChoice(a, a.depth() - top)).toList();
    }

    public UUID id() {
        return area.id();
    }

    public String name() {
        return area.name();
    }

    /** The name as an option of a select shows it, where only text can show the level. */
    public String indentedName() {
        return "— ".repeat(level) + area.name();
    }
}
