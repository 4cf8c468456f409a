package org.openloa.media.store;

import java.io.IOException;

/** No blob has that key (an HTTP 404, for cms). */
public class NoSuchMediaException extends IOException {

    private final transient MediaKey key;

    public NoSuchMediaException(MediaKey key) {
        super("no media stored under " + key);
        this.key = key;
    }

    public MediaKey key() {
        return key;
    }
}
