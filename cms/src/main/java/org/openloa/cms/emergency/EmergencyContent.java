package org.openloa.cms.emergency;

import java.nio.file.Path;
import java.util.UUID;
import org.openloa.cms.audio.AudioService;

/** What an emergency airs, one per language: spoken text, a recording, or an approved bulletin with audio. */
public sealed interface EmergencyContent {

    /**
     * Text to speak. The time the warning was issued is said first, so every repeat restates it.
     *
     * @param voice a TTS voice id as {@code AudioService.voices()} lists it; null: the Vietnamese default
     */
    record Speech(String text, String voice) implements EmergencyContent {}

    /** An audio file to ingest (loudness-normalised like any upload); the service takes ownership of the file. */
    record Recording(Path file, String filename) implements EmergencyContent {}

    /**
     * A recording that streamed in and was processed as it arrived ({@code AudioService.receiveStream}): it
     * becomes the emergency's bulletin's audio in the transaction that raises it, so it airs at once.
     */
    record Streamed(AudioService.Arrived audio) implements EmergencyContent {}

    /** An approved bulletin with audio: airs at once. */
    record Approved(UUID bulletinId) implements EmergencyContent {}
}
