package org.openloa.cms.area;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.springframework.beans.factory.annotation.Autowired;

/** The tree questions other packages ask of areas on behalf of the system, answered from the database. */
class AreaTreeTest extends ServerTest {

    @Autowired
    AreaService areas;

    @Test
    void aSubtreeHoldsTheAreaAndEverythingUnderItParentsFirst() {
        TestWorld w = world();
        Area communeA = areas.find(UUID.fromString(w.communeAId())).orElseThrow();

        assertThat(areas.subtree(communeA.path()))
                .extracting(a -> a.id().toString())
                .containsExactly(w.communeAId(), w.villageAId());
    }

    @Test
    void theEnclosingAreaOfAKindIsFoundAtOrAboveAPath() {
        TestWorld w = world();
        Area village = areas.find(UUID.fromString(w.villageAId())).orElseThrow();
        Area commune = areas.find(UUID.fromString(w.communeAId())).orElseThrow();
        Area province = areas.find(UUID.fromString(w.provinceId())).orElseThrow();

        assertThat(areas.enclosing(village.path(), "commune")).map(Area::id).contains(commune.id());
        assertThat(areas.enclosing(commune.path(), "commune")).map(Area::id).contains(commune.id());
        assertThat(areas.enclosing(village.path(), "province")).map(Area::id).contains(province.id());
        assertThat(areas.enclosing(province.path(), "commune")).isEmpty();
    }

    @Test
    void thePathsAboveAnAreaRunFromTheTopToItself() {
        assertThat(AreaService.pathsAboveOrAt("/p/c/v/")).containsExactly("/p/", "/p/c/", "/p/c/v/");
        assertThat(AreaService.pathsAboveOrAt("/")).containsExactly("/");
    }
}
