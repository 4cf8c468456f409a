/** The exchange's HTTP API, {@code /api/v1/exchange/...}: both sides, described for other vendors in docs/exchange.md. */
package org.openloa.cms.exchange.web;
