package org.openloa.cms.user;

/** What a session needs to know of its account on each request, read in one small query. */
record AccountStamp(long version, long credentialsVersion, boolean enabled) {}
