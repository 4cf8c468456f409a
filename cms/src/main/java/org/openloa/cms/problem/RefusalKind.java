package org.openloa.cms.problem;

/**
 * Why a request is refused, in the domain's words. The web side turns a kind into an HTTP status
 * ({@link ProblemStatus}); nothing below it needs to know HTTP.
 */
public enum RefusalKind {
    /** Not there, or outside the caller's areas (so they cannot learn that it exists). */
    NOT_FOUND,
    /** The caller's role or area does not allow it. */
    FORBIDDEN,
    /** The caller (a device) could not be recognised. */
    UNAUTHENTICATED,
    /** The thing is not in a state that allows it (already used, not submitted…). */
    CONFLICT,
    /** Well-formed input that breaks a rule. */
    RULE_BROKEN,
    /** Input that cannot be read as what was asked for. */
    INVALID,
    /** More than is accepted in one request. */
    TOO_LARGE,
    /** Content of a kind that is not accepted (a file that is not audio). */
    UNSUPPORTED,
    /** Too many attempts; try again later. */
    THROTTLED,
    /** A service the request needs is not available on this server. */
    UNAVAILABLE
}
