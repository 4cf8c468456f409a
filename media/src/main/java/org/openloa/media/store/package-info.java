/**
 * Blob storage for media: the {@link org.openloa.media.store.MediaStore} port, with a filesystem adapter (the
 * embedded default, under ./data/media) and an S3 adapter through minio-java (MinIO or any S3, with
 * presigned download URLs). Writes are atomic in both: a reader sees the whole old blob or the whole
 * new one, never a part.
 */
package org.openloa.media.store;
