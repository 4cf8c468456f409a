/**
 * Who is calling and how far their rights reach. A {@link org.openloa.cms.access.Caller} holds a user's
 * roles and the area subtree they are bound to; every concept asks it before reading or writing, so
 * that what lies outside a caller's subtree does not exist for them. What they may see of a long list comes a
 * {@link org.openloa.cms.access.ListPage} at a time.
 */
package org.openloa.cms.access;
