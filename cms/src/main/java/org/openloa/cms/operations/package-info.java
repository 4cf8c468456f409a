/**
 * What an operator watches that belongs to no single module (docs/operations.md): the exchange lag gauge that the
 * exchange between levels feeds. Each module registers its own meters (polls, wake-ups, upgrades); this one holds
 * the shared ones, so the Grafana dashboard (docs/grafana/openloa.json) finds them under stable names.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations")
package org.openloa.cms.operations;
