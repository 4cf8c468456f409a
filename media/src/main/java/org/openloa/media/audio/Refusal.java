package org.openloa.media.audio;

/**
 * Why an upload was not accepted as audio. Stable names: cms turns each into a localised message
 * (and API problem type), so add values rather than renaming them.
 */
public enum Refusal {
    /** The file has no bytes: usually a failed or cancelled upload. */
    EMPTY,
    /** Nothing in it is audio: an image, a document, an archive, random bytes, whatever its name says. */
    NOT_AUDIO,
    /** A media container (typically a video) that holds no sound track. */
    NO_AUDIO_STREAM,
    /** It claims to be audio, but the sound cannot be decoded (unknown codec, corrupt data). */
    UNDECODABLE,
    /** The file ends before the audio it announces does: an interrupted upload or copy; send it again. */
    TRUNCATED,
    /** It decodes, but there is nothing to hear (below the silence floor): a muted microphone, an empty track. */
    SILENT,
    /** Longer than the configured maximum duration. */
    TOO_LONG
}
