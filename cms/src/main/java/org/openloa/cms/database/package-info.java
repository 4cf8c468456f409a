/**
 * The application database as a whole, beyond any one concept's tables: that a commit the API acknowledges
 * survives a crash of the process (H2's write delay off; PostgreSQL's {@code synchronous_commit} and
 * {@code fsync} checked at startup), and which cms nodes share the database ({@link
 * org.openloa.cms.database.ClusterNodes}).
 */
package org.openloa.cms.database;
