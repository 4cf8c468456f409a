/**
 * Audio for bulletins: uploads and text-to-speech go through one processing flow (Spring Integration,
 * bounded to the machine's cores) that normalises loudness and encodes the delivery format with the
 * media module, stores immutable assets in the media store, and tracks each piece of work as a job
 * with progress. A finished job hands its audio to whoever implements {@link
 * org.openloa.cms.audio.ProcessedAudioTarget}, so this package knows nothing of bulletins.
 */
package org.openloa.cms.audio;
