/**
 * Bulletins (bản tin): title, category, body, owner area, priority, validity window, audio, and the
 * editorial workflow draft → submitted → approved | rejected → archived with four eyes (an author never
 * approves their own). Every transition is recorded and published as an event (e.g.
 * {@link org.openloa.cms.bulletin.BulletinApproved}) for the scheduler to react to.
 */
package org.openloa.cms.bulletin;
