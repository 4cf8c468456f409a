/**
 * How callers prove who they are: form login for the UI (with CSRF), HTTP Basic and personal bearer
 * tokens for the API, throttling of repeated failures (kept in the database so every node agrees),
 * and 401/403/429 answers as problem+json.
 */
package org.openloa.cms.security;
