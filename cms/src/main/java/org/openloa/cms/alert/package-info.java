/**
 * Alerts (cảnh báo CAP): the OASIS Common Alerting Protocol 1.2 in and out.
 *
 * <p>In: {@link org.openloa.cms.alert.CapReader} validates a document against the OASIS schema (shipped as
 * {@code cap/CAP-v1.2.xsd}; no DTD, nothing external) and reads it; {@link org.openloa.cms.alert.AlertService}
 * stores it once per sender and identifier, selects where it airs ({@code Where}: polygons and circles by the
 * devices' coordinates, geocodes by OpenLoa area codes, clipped to the caller's reach), turns it into an
 * {@link org.openloa.cms.alert.AlertOrder} ({@code AlertOrders}, a pure function) and hands that to the emergency
 * module through the {@link org.openloa.cms.alert.AlertAiring} port. {@code feed} polls upstream CAP and Atom
 * feeds as a configured user; {@code web} is POST/GET /api/v1/alerts.
 *
 * <p>Out: {@link org.openloa.cms.alert.CapWriter} publishes each aired emergency
 * ({@link org.openloa.cms.alert.Publications}) as a CAP 1.2 document and in an Atom feed, on the public
 * /feeds/alerts paths.
 */
package org.openloa.cms.alert;
