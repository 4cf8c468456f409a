/**
 * Users, their roles (bound to an area and reaching its whole subtree), personal API tokens, and the
 * first administrator created at the first start.
 */
package org.openloa.cms.user;
