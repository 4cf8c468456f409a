/**
 * Remote upgrade (docs/edge-agent.md, "Remote upgrade"): an UPGRADE command names a version, a jar URL and
 * its SHA-256. The running agent downloads and verifies the jar into {@code data.dir/upgrade/versions/<version>},
 * writes a trial, points {@code upgrade/current} at the new version with one rename, and exits 75. The
 * launcher ({@code /usr/bin/openloa-agent}, edge-agent/src/deb) starts the new version and watches the trial;
 * the new version ends it after its first good poll. If it does not, the launcher (a shell script a broken jar
 * cannot break) points {@code current} back and starts the previous version, which then reports the rollback.
 */
package org.openloa.edge.upgrade;
