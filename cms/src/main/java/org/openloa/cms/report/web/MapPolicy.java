package org.openloa.cms.report.web;

import java.net.URI;

/**
 * The map page's Content-Security-Policy: the site's own policy, with the tile server's origin added to
 * img-src (tiles are images; nothing else of that server runs on the page). Kept beside the map, since only it
 * loads anything from elsewhere.
 */
final class MapPolicy {

    static final String SITE = "default-src 'self'; img-src 'self' data:%s; font-src 'self' data:; "
            + "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; script-src 'self'; "
            + "media-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    private MapPolicy() {}

    static String with(String tileUrl) {
        return String.format(SITE, origin(tileUrl));
    }

    /** " https://tile.example" for an absolute http(s) tile URL; "" for a relative one (same origin). */
    static String origin(String tileUrl) {
        try {
            URI uri = URI.create(tileUrl.replace("{", "").replace("}", ""));
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http")) {
                return "";
            }
            String host = uri.getHost();
            if (tileUrl.contains("{s}.")) {
                host = "*." + host.substring(host.indexOf('.') + 1); // a.tile…, b.tile…: any subdomain
            }
            return " " + uri.getScheme() + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException notAUrl) {
            return "";
        }
    }
}
