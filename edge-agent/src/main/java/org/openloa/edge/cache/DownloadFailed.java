package org.openloa.edge.cache;

/**
 * A download that did not produce a verified file.
 *
 * @see MediaCache#failed
 */
public final class DownloadFailed extends Exception {

    private final boolean resumable;
    private final boolean setAside;

    DownloadFailed(String reason, boolean resumable) {
        this(reason, resumable, false);
    }

    DownloadFailed(String reason, boolean resumable, boolean setAside) {
        super(reason);
        this.resumable = resumable;
        this.setAside = setAside;
    }

    /** Not a failure: stopped on purpose for an emergency's media; it resumes from its .part file. */
    public boolean setAside() {
        return setAside;
    }

    /** Whether the .part file was kept to resume from (the link broke), rather than thrown away. */
    public boolean resumable() {
        return resumable;
    }
}
