/**
 * Reports (báo cáo, issue 9): the figures upper levels judge grassroots radio by, for an area and each of its
 * child areas over a period in the area's zone: bulletins produced, air time planned and aired, missed plays,
 * loudspeakers installed, working and online. Every figure is defined in docs/reports.md.
 *
 * <p>The module reads what it needs through the owning modules' public services (bulletin counts, the plan
 * items the edge sent, play logs' air time, missed plays, devices), never their tables. The one thing it keeps
 * itself is when each device was heard (5-minute slots, from {@link org.openloa.cms.device.DeviceHeard}), since
 * a device's live status holds only its last heartbeat.
 *
 * <p>After the counting, two steps of their own add to the summary: live and relay minutes and incidents
 * ({@code StreamsAndIncidents}), then the figures downstream instances pushed up, shown as child areas
 * ({@code DownstreamChildren}, reading the exchange module's {@code DownstreamReports}).
 *
 * <p>{@link org.openloa.cms.report.ReportService#summary} is the public face: the API, its downloads and the
 * exchange between levels (which pushes it upstream every day) all take the same {@link
 * org.openloa.cms.report.Summary}.
 */
package org.openloa.cms.report;
