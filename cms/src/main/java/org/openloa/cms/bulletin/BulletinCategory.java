package org.openloa.cms.bulletin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Locale;

/** A configurable category (thời sự, y tế, …) with its names in both languages. */
@Entity
@Table(name = "bulletin_category")
public class BulletinCategory {

    @Id
    private String code;

    @Column(name = "name_vi")
    private String nameVi;

    @Column(name = "name_en")
    private String nameEn;

    private int position;
    private boolean active;

    protected BulletinCategory() {}

    BulletinCategory(String code, String nameVi, String nameEn, int position) {
        this.code = code;
        this.nameVi = nameVi;
        this.nameEn = nameEn;
        this.position = position;
        this.active = true;
    }

    void rename(String nameVi, String nameEn, int position, boolean active) {
        this.nameVi = nameVi;
        this.nameEn = nameEn;
        this.position = position;
        this.active = active;
    }

    public String code() {
        return code;
    }

    public String name(Locale locale) {
        return "en".equals(locale.getLanguage()) ? nameEn : nameVi;
    }

    public String nameVi() {
        return nameVi;
    }

    public String nameEn() {
        return nameEn;
    }

    public int position() {
        return position;
    }

    public boolean active() {
        return active;
    }
}
