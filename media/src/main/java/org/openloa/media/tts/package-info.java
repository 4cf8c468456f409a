/**
 * Text-to-speech: the {@link org.openloa.media.tts.TextToSpeech} port with an espeak-ng adapter (Vietnamese voices,
 * offline) and an HTTP adapter for a provider's API. Each writes an audio file that then goes through
 * {@link org.openloa.media.audio.AudioIngest} like any upload, so it is validated and normalised the same way.
 */
package org.openloa.media.tts;
