/**
 * Audio handling: probing and validating uploads, EBU R128 loudness normalisation, transcoding to the
 * delivery format, waveform peaks, text-to-speech, and the blob storage port with its filesystem and
 * S3 (MinIO) adapters. Knows nothing of cms, the web or the scheduler.
 */
package org.openloa.media;
