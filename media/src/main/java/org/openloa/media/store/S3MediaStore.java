package org.openloa.media.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openloa.media.Sha256;

/**
 * Blobs as S3 objects through minio-java. A PUT (or a multipart upload, for large files) becomes
 * visible only when complete, so puts are atomic without further care. The SHA-256 travels as user
 * metadata (x-amz-meta-sha256) so stat need not read the object; an object put by another tool
 * without it is hashed on demand. Building the client takes about a second (here, on 2 cores): make
 * one store per application and share it; it is thread-safe.
 */
final class S3MediaStore implements MediaStore {

    private static final String SHA256_METADATA = "sha256";
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound");
    private static final Duration MAX_EXPIRY = Duration.ofDays(7); // the most SigV4 allows
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "mp3",
            "audio/mpeg",
            "opus",
            "audio/ogg",
            "ogg",
            "audio/ogg",
            "m4a",
            "audio/mp4",
            "wav",
            "audio/wav",
            "flac",
            "audio/flac",
            "json",
            "application/json");

    private final S3Settings settings;
    private final MinioClient client;

    S3MediaStore(S3Settings settings) throws IOException {
        this.settings = settings;
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint().toString())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
        try {
            ensureBucket();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void ensureBucket() throws IOException {
        try {
            if (!client.bucketExists(
                    BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(
                        MakeBucketArgs.builder().bucket(settings.bucket()).build());
            }
        } catch (ErrorResponseException e) {
            // Another cms node created it between our check and our request: that is what we wanted.
            if (!e.errorResponse().code().equals("BucketAlreadyOwnedByYou")) {
                throw failure("cannot create bucket " + settings.bucket(), e);
            }
        } catch (MinioException e) {
            throw failure("cannot reach bucket " + settings.bucket() + " at " + settings.endpoint(), e);
        }
    }

    @Override
    public BlobStat put(MediaKey key, Path source) throws IOException {
        BlobStat stat = new BlobStat(Files.size(source), Sha256.of(source));
        upload(key, source, stat);
        return stat;
    }

    /** Staged to a file first: S3 wants the length and the hash header before the first byte of the body. */
    @Override
    public BlobStat put(MediaKey key, InputStream source) throws IOException {
        Path spool = Files.createTempFile(settings.spoolDirectory(), "openloa-s3-", ".part");
        try {
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(spool)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = source.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            BlobStat stat = new BlobStat(size, Sha256.hex(digest));
            upload(key, spool, stat);
            return stat;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private void upload(MediaKey key, Path file, BlobStat stat) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(
                    PutObjectArgs.builder().bucket(settings.bucket()).object(key.value()).stream(in, stat.size(), null)
                            .contentType(contentType(key))
                            .userMetadata(Map.of(SHA256_METADATA, stat.sha256()))
                            .build());
        } catch (MinioException e) {
            throw failure("cannot store " + key, e);
        }
    }

    @Override
    public InputStream get(MediaKey key, ByteRange range) throws IOException {
        GetObjectArgs.Builder args =
                GetObjectArgs.builder().bucket(settings.bucket()).object(key.value());
        if (range.offset() > 0 || range.length() != ByteRange.TO_END) {
            args.offset(range.offset());
            if (range.length() != ByteRange.TO_END) {
                args.length(range.length());
            }
        }
        try {
            return client.getObject(args.build());
        } catch (MinioException e) {
            throw missingOr(key, e, "cannot read");
        }
    }

    @Override
    public Optional<BlobStat> stat(MediaKey key) throws IOException {
        StatObjectResponse response;
        try {
            response = client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key.value())
                    .build());
        } catch (MinioException e) {
            IOException failure = missingOr(key, e, "cannot stat");
            if (failure instanceof NoSuchMediaException) {
                return Optional.empty();
            }
            throw failure;
        }
        String sha256 = response.userMetadata().getFirst(SHA256_METADATA);
        if (sha256 == null || sha256.isBlank()) {
            try (InputStream in = get(key)) {
                MessageDigest digest = Sha256.newDigest();
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                sha256 = Sha256.hex(digest);
            }
        }
        return Optional.of(new BlobStat(response.size(), sha256));
    }

    @Override
    public boolean exists(MediaKey key) throws IOException {
        try {
            client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key.value())
                    .build());
            return true;
        } catch (MinioException e) {
            IOException failure = missingOr(key, e, "cannot stat");
            if (failure instanceof NoSuchMediaException) {
                return false;
            }
            throw failure;
        }
    }

    @Override
    public void delete(MediaKey key) throws IOException {
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key.value())
                    .build());
        } catch (MinioException e) {
            throw failure("cannot delete " + key, e);
        }
    }

    @Override
    public Optional<URI> downloadUrl(MediaKey key, Duration expiry) throws IOException {
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("a download URL lives from 1 second to 7 days, not " + expiry);
        }
        try {
            return Optional.of(URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(settings.bucket())
                    .object(key.value())
                    .expiry((int) expiry.toSeconds())
                    .build())));
        } catch (MinioException e) {
            throw failure("cannot sign a download URL for " + key, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException("cannot close the S3 client", e);
        }
    }

    @Override
    public String toString() {
        return "S3 media store, bucket " + settings.bucket() + " at " + settings.endpoint();
    }

    private static String contentType(MediaKey key) {
        String name = key.fileName();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static IOException missingOr(MediaKey key, MinioException e, String doing) {
        if (e instanceof ErrorResponseException error
                && MISSING.contains(error.errorResponse().code())) {
            return new NoSuchMediaException(key);
        }
        return failure(doing + " " + key, e);
    }

    private static IOException failure(String message, MinioException e) {
        return new IOException(message + ": " + e.getMessage(), e);
    }
}
