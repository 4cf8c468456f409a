/**
 * The exchange between levels (issue 9): an OpenLoa instance names an upstream instance (a province names the
 * centre) and, with an API token the upstream issued to a user of the area this instance serves (areas are matched
 * by their {@code code}), pulls down the bulletins the upstream approved and addressed to it, and pushes up its daily
 * figures and the emergencies it aired. The same module is the upstream's side: the feed of dispatches, their audio,
 * and the figures and emergencies its downstream instances pushed, kept by area code and day for the reports.
 * Everything it knows of bulletins, broadcasts, audio and emergencies it asks of their modules; it writes only its
 * own tables ({@code exchange_*}). See docs/exchange.md.
 */
package org.openloa.cms.exchange;
