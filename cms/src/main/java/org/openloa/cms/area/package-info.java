/**
 * Areas (đơn vị hành chính): the administrative tree (province, commune, village, or any other kind),
 * each with a code and a time zone; retired areas stay, linked to their successor, since communes were
 * merged in 2025. Everything else in OpenLoa belongs to an area, and a user's rights reach the subtree
 * of theirs.
 */
package org.openloa.cms.area;
