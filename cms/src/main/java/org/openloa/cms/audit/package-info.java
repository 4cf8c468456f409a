/**
 * The audit log: every login (successful or not) and every change of state, with who, when, what and
 * from which address. Administrators read the part of it that concerns their subtree.
 */
package org.openloa.cms.audit;
