package org.openloa.media.tts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A speech engine. {@link #synthesise} writes an audio file (WAV for espeak-ng, whatever the provider
 * answers for HTTP) to be passed to {@link org.openloa.media.audio.AudioIngest}, which validates it by
 * content and normalises it like an upload.
 */
public interface TextToSpeech {

    /** The Vietnamese voices espeak-ng 1.51 ships: northern (vi), central and southern. */
    List<String> ESPEAK_VIETNAMESE_VOICES = List.of("vi", "vi-vn-x-central", "vi-vn-x-south");

    /**
     * Whether the engine can be used now (installed, or answering), so the UI can say plainly when
     * there is none. Runs a process or a request each time: callers on a hot path should cache it.
     */
    boolean available();

    /** The voices a request may name. */
    List<String> voices();

    /**
     * Speaks the request into {@code audio}, which appears complete or not at all.
     *
     * @throws IllegalArgumentException the voice is not one of {@link #voices()}
     * @throws SpeechException          the engine ran but produced no speech
     * @throws IOException              the engine could not be run or reached
     */
    void synthesise(SpeechRequest request, Path audio) throws IOException;

    /** espeak-ng from PATH, with its Vietnamese voices. */
    static TextToSpeech espeakNg() {
        return new EspeakNgSpeech("espeak-ng", ESPEAK_VIETNAMESE_VOICES);
    }

    /** espeak-ng at a configured place, offering the given voices. */
    static TextToSpeech espeakNg(Path executable, List<String> voices) {
        return new EspeakNgSpeech(executable.toString(), voices);
    }

    /** A provider's HTTP API. */
    static TextToSpeech http(HttpSpeechSettings settings) {
        return new HttpSpeech(settings);
    }
}
