/**
 * The OpenLoa server. One package per domain concept ({@code area}, {@code user}, {@code audit}, …),
 * each with its own {@code web} part; {@code access} is the caller's identity and area scope that every
 * concept filters by, {@code security} wires authentication, {@code problem} turns refusals into
 * RFC 9457 responses, {@code shell} is the UI frame (layout, language, dashboard).
 */
package org.openloa.cms;
