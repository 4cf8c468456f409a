package org.openloa.cms.bulletin.web;

import java.util.Locale;
import java.util.Map;
import org.openloa.cms.audio.MediaAsset;
import org.springframework.context.MessageSource;

/**
 * What the editor's page says about a bulletin's audio, in an editor's words: the format as people know it
 * ("MP3", not "audio/mpeg") and where the audio came from ("Giọng đọc tự động", "Bản ghi âm", or the name of
 * the file the editor uploaded), never a file name the server made up ("tts-vi-vn-x-south.wav").
 */
final class AudioWords {

    /** The names people know formats by; a type not listed is shown as its sub-type in capitals. */
    private static final Map<String, String> FORMATS = Map.of(
            "audio/mpeg", "MP3",
            "audio/mp3", "MP3",
            "audio/wav", "WAV",
            "audio/x-wav", "WAV",
            "audio/ogg", "OGG",
            "audio/opus", "Opus",
            "audio/mp4", "M4A",
            "audio/aac", "AAC",
            "audio/flac", "FLAC",
            "audio/webm", "WebM");

    // The names the server and the page's recorder give what they make (AudioProcessing, bulletin-audio.js).
    private static final String SPEECH_PREFIX = "tts-";
    private static final String RECORDING_PREFIX = "ghi-am-";

    private AudioWords() {}

    static String format(String mimeType) {
        if (mimeType == null || mimeType.isBlank()) {
            return null;
        }
        String type = mimeType.strip().toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        if (parameters >= 0) {
            type = type.substring(0, parameters).strip();
        }
        String known = FORMATS.get(type);
        if (known != null) {
            return known;
        }
        int slash = type.indexOf('/');
        return (slash >= 0 ? type.substring(slash + 1) : type).toUpperCase(Locale.ROOT);
    }

    /** Where the audio came from, in words; null when nothing is known of it. */
    static String source(MediaAsset original, MessageSource messages, Locale locale) {
        if (original == null || original.originalFilename() == null) {
            return null;
        }
        String name = original.originalFilename();
        if (name.startsWith(SPEECH_PREFIX)) {
            return messages.getMessage("bulletin.audio.source.speech", null, locale);
        }
        if (name.startsWith(RECORDING_PREFIX)) {
            return messages.getMessage("bulletin.audio.source.recording", null, locale);
        }
        return messages.getMessage("bulletin.audio.source.file", new Object[] {name}, locale);
    }
}
