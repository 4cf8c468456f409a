package org.openloa.media.store;

/**
 * What a store knows about a blob: what the edge manifest announces for each medium.
 *
 * @param size   bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record BlobStat(long size, String sha256) {}
