/**
 * Refusals and how they reach the caller: a {@link org.openloa.cms.problem.ProblemException} names a
 * stable code and a message key; the API answers it as RFC 9457 problem+json in the caller's language,
 * the UI shows the same message on the page.
 */
package org.openloa.cms.problem;
