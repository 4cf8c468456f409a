package org.openloa.media.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach an S3 bucket (MinIO or any S3).
 *
 * @param endpoint       e.g. http://minio:9000 or https://s3.ap-southeast-1.amazonaws.com
 * @param region         the bucket's region; MinIO accepts any, e.g. "us-east-1"
 * @param accessKey      access key id
 * @param secretKey      secret key (kept out of {@link #toString()})
 * @param bucket         created at start if it does not exist
 * @param spoolDirectory where uploads from a stream of unknown length are staged to learn their size
 *                       and hash before the PUT; null for the system temp folder
 */
public record S3Settings(
        URI endpoint, String region, String accessKey, String secretKey, String bucket, Path spoolDirectory) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
        spoolDirectory = spoolDirectory == null ? Path.of(System.getProperty("java.io.tmpdir")) : spoolDirectory;
    }

    public S3Settings(URI endpoint, String accessKey, String secretKey, String bucket) {
        this(endpoint, null, accessKey, secretKey, bucket, null);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                + ", secretKey=***, bucket=" + bucket + ", spoolDirectory=" + spoolDirectory + "]";
    }
}
