package org.openloa.cms.area;

import java.util.Locale;

/**
 * A level an area can be at (Tỉnh, Xã, Thôn…): {@code code} is what {@link Area#kind()} and the API hold, the
 * names are what people read. Ordered from the top by {@code position}.
 */
public record AreaLevel(String code, String nameVi, String nameEn, int position) {

    /** Its name in the reader's language: Vietnamese unless the page is in English. */
    public String name(Locale locale) {
        return "en".equals(locale.getLanguage()) ? nameEn : nameVi;
    }
}
