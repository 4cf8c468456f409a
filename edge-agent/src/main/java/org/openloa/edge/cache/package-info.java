/**
 * The media cache: files named by their SHA-256 in data.dir/media, fetched soonest-needed first
 * with Range resumes into a {@code .part} file, verified, then renamed into place, so a file under
 * its final name is always whole and verified: the only kind the player is ever given.
 */
package org.openloa.edge.cache;
