package org.openloa.cms.alert;

import java.util.List;

/**
 * The two geometric questions a CAP area asks, as small pure functions on WGS 84 degrees: is a point inside a
 * polygon, and how far apart are two points on the Earth. Distances within a province are tens of kilometres,
 * so a sphere of the mean radius is exact enough (the error is below 0.5 %).
 */
final class Geo {

    /** The Earth's mean radius (IUGG), in kilometres. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    private Geo() {}

    /**
     * Whether the point lies inside the polygon (its vertices in order, closed or not), by the even-odd rule:
     * a ray from the point crosses the edges an odd number of times. Latitude and longitude are treated as plane
     * coordinates, which is what CAP polygons mean at the scale of a province (none crosses the antimeridian in
     * Vietnam). A point exactly on an edge may fall either way.
     */
    static boolean inside(double lat, double lon, List<CapDocument.Point> polygon) {
        boolean inside = false;
        int n = polygon.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            CapDocument.Point a = polygon.get(i);
            CapDocument.Point b = polygon.get(j);
            if ((a.lat() > lat) != (b.lat() > lat)) {
                double crossingLon = a.lon() + (lat - a.lat()) * (b.lon() - a.lon()) / (b.lat() - a.lat());
                if (lon < crossingLon) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    /** The great-circle distance between two points, in kilometres (haversine formula). */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Whether the point lies within the circle (its edge included). */
    static boolean within(double lat, double lon, CapDocument.Circle circle) {
        return distanceKm(lat, lon, circle.centre().lat(), circle.centre().lon()) <= circle.radiusKm();
    }
}
