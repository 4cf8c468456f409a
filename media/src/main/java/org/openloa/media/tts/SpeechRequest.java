package org.openloa.media.tts;

import java.util.Objects;

/**
 * What to say and how.
 *
 * @param text           the text, UTF-8 Vietnamese typically; at most {@value #MAX_CHARACTERS} characters
 * @param voice          one of the engine's {@link TextToSpeech#voices()}
 * @param wordsPerMinute speaking rate, {@value #MIN_RATE} to {@value #MAX_RATE}; {@value #NORMAL_RATE} is
 *                       espeak-ng's normal pace, and HTTP providers get it also as a relative speed
 */
public record SpeechRequest(String text, String voice, int wordsPerMinute) {

    public static final int MAX_CHARACTERS = 50_000;
    public static final int MIN_RATE = 80;
    public static final int MAX_RATE = 450;
    public static final int NORMAL_RATE = 175;

    public SpeechRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
        if (text.isBlank()) {
            throw new IllegalArgumentException("there is no text to speak");
        }
        if (text.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException("text longer than " + MAX_CHARACTERS + " characters: " + text.length());
        }
        if (wordsPerMinute < MIN_RATE || wordsPerMinute > MAX_RATE) {
            throw new IllegalArgumentException(
                    "rate must be " + MIN_RATE + " to " + MAX_RATE + " words a minute, not " + wordsPerMinute);
        }
    }

    /** The rate relative to normal pace (1.00 = {@value #NORMAL_RATE} words a minute), for providers that want a factor. */
    public double speed() {
        return (double) wordsPerMinute / NORMAL_RATE;
    }
}
