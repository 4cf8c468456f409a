package org.openloa.edge.cache;

/**
 * A download that did not produce a verified file.
 *
 * @see MediaCache#failed
 */
public final class DownloadFailed extends Exception {

    private final boolean resumable;

    DownloadFailed(String reason, boolean resumable) {
        super(reason);
        this.resumable = resumable;
    }

    /** Whether the .part file was kept to resume from (the link broke), rather than thrown away. */
    public boolean resumable() {
        return resumable;
    }
}
