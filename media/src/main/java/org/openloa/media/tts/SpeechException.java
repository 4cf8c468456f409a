package org.openloa.media.tts;

import java.io.IOException;

/** The engine was reachable but did not produce speech (bad voice, provider error, empty answer). */
public class SpeechException extends IOException {

    public SpeechException(String message) {
        super(message);
    }
}
