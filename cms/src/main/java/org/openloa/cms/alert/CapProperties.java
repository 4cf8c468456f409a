package org.openloa.cms.alert;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * CAP in and out ({@code openloa.cap.*}).
 *
 * @param sender what OpenLoa writes as {@code <sender>} in the CAP it publishes (no spaces, commas or
 *               {@code <&}: CAP 1.2 forbids them); by default "openloa"
 * @param feeds  upstream CAP or Atom feeds polled for alerts; none by default
 * @param privateResourceHosts whether a resource {@code <uri>} may point to a loopback, private or link-local
 *               address; off by default, so that a posted alert cannot make OpenLoa read its own network
 *               (a province that keeps its warning audio on a LAN server turns it on)
 */
@ConfigurationProperties("openloa.cap")
public record CapProperties(String sender, List<Feed> feeds, boolean privateResourceHosts) {

    public CapProperties {
        sender = sender == null || sender.isBlank() ? "openloa" : sender.strip();
        if (!sender.matches("[^\\s,<&]+")) {
            throw new IllegalArgumentException("openloa.cap.sender must not hold spaces, commas, < or &: " + sender);
        }
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
    }

    /**
     * One upstream feed: a CAP document, or an Atom feed whose entries carry a CAP alert (inline or linked).
     *
     * @param url      where it is read (http or https)
     * @param interval how often it is read; one minute by default, at least five seconds
     * @param username the OpenLoa user (OPERATOR or ADMIN) it acts as: their area is the alert's reach
     */
    public record Feed(URI url, Duration interval, String username) {

        public Feed {
            if (url == null || url.getScheme() == null || !url.getScheme().matches("(?i)https?")) {
                throw new IllegalArgumentException("openloa.cap.feeds[].url must be an http or https URL: " + url);
            }
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("openloa.cap.feeds[].username names the user the feed acts as");
            }
            interval = interval == null ? Duration.ofMinutes(1) : interval;
            if (interval.compareTo(Duration.ofSeconds(5)) < 0) {
                throw new IllegalArgumentException("openloa.cap.feeds[].interval must be at least 5 seconds");
            }
        }
    }
}
