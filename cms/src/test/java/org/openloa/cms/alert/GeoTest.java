package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Point in polygon, great-circle distance, and the selection of devices and areas they make. */
class GeoTest {

    private static final List<CapDocument.Point> SQUARE = List.of(
            new CapDocument.Point(16, 108),
            new CapDocument.Point(16, 109),
            new CapDocument.Point(17, 109),
            new CapDocument.Point(17, 108),
            new CapDocument.Point(16, 108));

    /** A concave "L": the notch at the top right is outside. */
    private static final List<CapDocument.Point> ELL = List.of(
            new CapDocument.Point(0, 0),
            new CapDocument.Point(0, 2),
            new CapDocument.Point(1, 2),
            new CapDocument.Point(1, 1),
            new CapDocument.Point(2, 1),
            new CapDocument.Point(2, 0),
            new CapDocument.Point(0, 0));

    @Test
    void aPointIsInsideAPolygonByTheEvenOddRule() {
        assertThat(Geo.inside(16.5, 108.5, SQUARE)).isTrue();
        assertThat(Geo.inside(17.5, 108.5, SQUARE)).isFalse();
        assertThat(Geo.inside(16.5, 107.9, SQUARE)).isFalse();
        assertThat(Geo.inside(0.5, 1.5, ELL)).isTrue();
        assertThat(Geo.inside(1.5, 0.5, ELL)).isTrue();
        assertThat(Geo.inside(1.5, 1.5, ELL)).isFalse();
    }

    @Test
    void theGreatCircleDistanceMatchesKnownFigures() {
        // Hà Nội (21.0285, 105.8542) to Thành phố Hồ Chí Minh (10.8231, 106.6297): about 1,138 km
        assertThat(Geo.distanceKm(21.0285, 105.8542, 10.8231, 106.6297)).isCloseTo(1138, within(5.0));
        // One degree of latitude is about 111.2 km anywhere
        assertThat(Geo.distanceKm(16, 108, 17, 108)).isCloseTo(111.19, within(0.05));
        assertThat(Geo.distanceKm(16, 108, 16, 108)).isZero();
        assertThat(Geo.within(16.04, 108, new CapDocument.Circle(new CapDocument.Point(16, 108), 5)))
                .isTrue();
        assertThat(Geo.within(16.05, 108, new CapDocument.Circle(new CapDocument.Point(16, 108), 5)))
                .isFalse();
    }

    @Test
    void polygonsAndCirclesSelectDevicesByCoordinatesAndGeocodesSelectAreas() {
        UUID inside = UUID.randomUUID();
        UUID outside = UUID.randomUUID();
        UUID unplaced = UUID.randomUUID();
        UUID nearRiver = UUID.randomUUID();
        UUID commune = UUID.randomUUID();
        CapDocument.Area coast = new CapDocument.Area("bờ biển", List.of(SQUARE), List.of(), List.of());
        CapDocument.Area river = new CapDocument.Area(
                "cửa sông",
                List.of(),
                List.of(new CapDocument.Circle(new CapDocument.Point(20, 106), 2)),
                List.of(new CapDocument.Geocode("openloa:area", "C1"), new CapDocument.Geocode("x", "NOPE")));

        Where.Selection selection = Where.select(
                List.of(coast, river),
                List.of(
                        new Where.Spot(inside, 16.5, 108.5),
                        new Where.Spot(outside, 18.0, 108.5),
                        new Where.Spot(unplaced, null, null),
                        new Where.Spot(nearRiver, 20.01, 106.01)),
                java.util.Map.of("C1", new Where.Place(commune, "/p/c1/")),
                "/p/",
                UUID.randomUUID());

        assertThat(selection.deviceIds()).containsExactly(inside, nearRiver);
        assertThat(selection.areaIds()).containsExactly(commune);
    }

    @Test
    void aGeocodeAboveTheCallersAreaNarrowsToItAndOneOutsideIsDropped() {
        UUID province = UUID.randomUUID();
        UUID communeA = UUID.randomUUID();
        UUID communeB = UUID.randomUUID();
        CapDocument.Area whole = new CapDocument.Area(
                "tỉnh",
                List.of(),
                List.of(),
                List.of(new CapDocument.Geocode("openloa:area", "P"), new CapDocument.Geocode("openloa:area", "B")));

        Where.Selection selection = Where.select(
                List.of(whole),
                List.of(),
                java.util.Map.of(
                        "P", new Where.Place(province, "/p/"),
                        "B", new Where.Place(communeB, "/p/b/")),
                "/p/a/",
                communeA);

        assertThat(selection.areaIds()).isEqualTo(Set.of(communeA));
    }
}
