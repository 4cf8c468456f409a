/**
 * The plan items each device was really sent, with their planned windows (device_plan_item): what the reports
 * count as planned air time.
 */
@NamedInterface("planned")
package org.openloa.cms.edge.planned;

import org.springframework.modulith.NamedInterface;
