/**
 * The agent's settings: a properties file named on the command line, each key overridable by an
 * environment variable (OPENLOA_ + the key upper-cased, dots as underscores), the environment winning.
 */
package org.openloa.edge.config;
