/**
 * The frame of the web UI: language (Vietnamese by default, English on a switch), the login page, the
 * dashboard, the error page, and the OpenAPI description of the public API.
 */
package org.openloa.cms.shell;
