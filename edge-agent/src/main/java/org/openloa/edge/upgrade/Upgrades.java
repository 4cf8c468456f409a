package org.openloa.edge.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.protocol.Heartbeat.Upgrade;
import org.openloa.protocol.Heartbeat.UpgradeState;

/**
 * The agent's side of a remote upgrade: runs an UPGRADE command, ends its own trial after the first good
 * poll, and tells the heartbeat how the last upgrade went. The files it shares with the launcher are plain
 * {@code key=value} lines so that a shell script can read and write them.
 */
public final class Upgrades {

    private static final Logger LOG = Logger.getLogger(Upgrades.class.getName());

    /** A version becomes a directory name: nothing that could climb out of versions/. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The agent's jar is about 3 MB; anything far bigger is not one. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    static final Duration DEFAULT_TRIAL = Duration.ofMinutes(5);
    static final Duration MIN_TRIAL = Duration.ofSeconds(5);
    static final Duration MAX_TRIAL = Duration.ofHours(1);

    private final Path dir;
    private final URI serverUrl;
    private final String runningVersion;
    private final Duration httpTimeout;
    private final Clock clock;
    private volatile boolean onTrial;

    public Upgrades(Path dataDir, URI serverUrl, String runningVersion, Duration httpTimeout, Clock clock) {
        this.dir = dataDir.resolve("upgrade");
        this.serverUrl = serverUrl;
        this.runningVersion = runningVersion;
        this.httpTimeout = httpTimeout;
        this.clock = clock;
        this.onTrial = Files.exists(dir.resolve("trial.running"));
        if (onTrial) {
            LOG.info(() -> "version " + runningVersion + " on trial: it stays once it has polled");
        }
    }

    /**
     * Runs an UPGRADE command: downloads and verifies the jar, writes the trial and switches {@code current}.
     * Answers true when the agent must now exit for the launcher to start the new version; false when the
     * upgrade was refused (the reason is in the next heartbeat) or there is nothing to do.
     */
    public boolean install(Map<String, String> args) {
        String version = args.getOrDefault("version", "").strip();
        if (!VERSION.matcher(version).matches()) {
            return refuse(version.isEmpty() ? "?" : clip(version), "args.version is not a version");
        }
        if (version.equals(runningVersion)) {
            LOG.info(() -> "UPGRADE to " + version + ": that version is running already");
            record(UpgradeState.UPGRADED, version, "already running");
            return false;
        }
        String sha256 = args.getOrDefault("sha256", "").strip().toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            return refuse(version, "args.sha256 is not a SHA-256 (64 hex digits)");
        }
        URI url;
        try {
            url = serverUrl.resolve(args.getOrDefault("url", "").strip());
        } catch (IllegalArgumentException e) {
            return refuse(version, "args.url is not a URL");
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            return refuse(version, "args.url must be http or https");
        }
        Duration trial = trial(args.get("trialSeconds"));
        try {
            Path versionDir = dir.resolve("versions").resolve(version);
            Files.createDirectories(versionDir);
            Path jar = versionDir.resolve("edge-agent.jar");
            Path part = versionDir.resolve("edge-agent.jar.part");
            String got = download(url, part);
            if (!got.equals(sha256)) {
                Files.deleteIfExists(part);
                return refuse(version, "sha256 mismatch: got " + got);
            }
            if (!runnable(part)) {
                Files.deleteIfExists(part);
                return refuse(version, "not a runnable jar (no Main-Class)");
            }
            AtomicFiles.move(part, jar);
            Path current = dir.resolve("current");
            String previous =
                    Files.isSymbolicLink(current) ? current.toRealPath().toString() : ""; // the packaged jar
            Properties trialFile = new Properties();
            trialFile.setProperty("version", version);
            trialFile.setProperty("previous", previous);
            trialFile.setProperty("seconds", Long.toString(trial.toSeconds()));
            trialFile.setProperty("from", runningVersion);
            writeProperties(dir.resolve("trial.properties"), trialFile);
            // One rename: the box runs either the old or the new version, never half of one.
            Path link = dir.resolve("current.new");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, versionDir.toAbsolutePath());
            Files.move(link, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.syncDirectory(dir);
            record(UpgradeState.UPGRADING, version, null);
            LOG.info(() -> "UPGRADE to " + version + ": verified, switching (trial " + trial.toSeconds() + " s)");
            return true;
        } catch (IOException | RuntimeException e) {
            return refuse(version, "download failed: " + e.getMessage());
        }
    }

    /** After a good poll: the version on trial stays; versions neither current nor previous go. */
    public void polled() {
        if (!onTrial) {
            return;
        }
        onTrial = false;
        try {
            Path running = dir.resolve("trial.running");
            Properties trial = readProperties(running);
            String version = trial.getProperty("version", runningVersion);
            record(UpgradeState.UPGRADED, version, "from " + trial.getProperty("from", "?"));
            Files.deleteIfExists(running);
            AtomicFiles.syncDirectory(dir);
            LOG.info(() -> "version " + version + " polled: the upgrade is done");
            prune(trial.getProperty("previous", ""));
        } catch (IOException e) {
            LOG.warning(() -> "cannot end the trial: " + e.getMessage());
        }
    }

    /** The last upgrade's outcome, for the heartbeat, or null if there never was one. */
    public Upgrade report() {
        Path result = dir.resolve("result.properties");
        if (!Files.exists(result)) {
            return null;
        }
        try {
            Properties p = readProperties(result);
            String at = p.getProperty("at");
            return new Upgrade(
                    UpgradeState.valueOf(p.getProperty("state")),
                    p.getProperty("version", "?"),
                    p.getProperty("detail"),
                    at == null ? OffsetDateTime.now(clock) : OffsetDateTime.parse(at));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String download(URI url, Path part) throws IOException {
        HttpURLConnection response = open(url);
        if (response.getResponseCode() != 200) {
            response.disconnect();
            throw new IOException("HTTP " + response.getResponseCode());
        }
        try (InputStream in = response.getInputStream()) {
            MessageDigest digest = sha256();
            long total = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                    if (total > MAX_BYTES) {
                        throw new IOException("larger than " + MAX_BYTES + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /**
     * A GET of the package that follows up to five redirects (e.g. to a presigned object-store URL), but never
     * from https to plain http. No credential is sent: the URL is the operator's, not the device's API.
     */
    private HttpURLConnection open(URI url) throws IOException {
        URI target = url;
        for (int hop = 0; ; hop++) {
            if (!"http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
                throw new IOException("not an http(s) URL: " + target.getScheme() + ":");
            }
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) httpTimeout.toMillis());
            connection.setReadTimeout((int) httpTimeout.multipliedBy(4).toMillis());
            int status = connection.getResponseCode();
            String location = connection.getHeaderField("Location");
            if (status / 100 != 3 || location == null || hop == 5) {
                return connection;
            }
            URI next = target.resolve(location);
            if ("https".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                return connection;
            }
            connection.disconnect();
            target = next;
        }
    }

    private static boolean runnable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private void prune(String previous) {
        Path versions = dir.resolve("versions");
        if (!Files.isDirectory(versions)) {
            return;
        }
        try (Stream<Path> all = Files.list(versions)) {
            Path current = Files.exists(dir.resolve("current"))
                    ? dir.resolve("current").toRealPath()
                    : null;
            for (Path version : (Iterable<Path>) all::iterator) {
                Path real = version.toRealPath(LinkOption.NOFOLLOW_LINKS);
                if (real.equals(current) || real.toString().equals(previous)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(version)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "cannot prune old versions: " + e.getMessage());
        }
    }

    private boolean refuse(String version, String reason) {
        LOG.warning(() -> "UPGRADE to " + version + " refused: " + reason);
        record(UpgradeState.REFUSED, version, reason);
        return false;
    }

    private void record(UpgradeState state, String version, String detail) {
        Properties p = new Properties();
        p.setProperty("state", state.name());
        p.setProperty("version", version);
        if (detail != null) {
            p.setProperty("detail", clip(detail));
        }
        p.setProperty(
                "at", Instant.now(clock).atOffset(ZoneOffset.UTC).withNano(0).toString());
        try {
            Files.createDirectories(dir);
            writeProperties(dir.resolve("result.properties"), p);
        } catch (IOException e) {
            LOG.warning(() -> "cannot record the upgrade's state: " + e.getMessage());
        }
    }

    private static Duration trial(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_TRIAL;
        }
        try {
            Duration asked = Duration.ofSeconds(Long.parseLong(seconds.strip()));
            return asked.compareTo(MIN_TRIAL) < 0 ? MIN_TRIAL : asked.compareTo(MAX_TRIAL) > 0 ? MAX_TRIAL : asked;
        } catch (NumberFormatException e) {
            return DEFAULT_TRIAL;
        }
    }

    /** key=value lines, no escapes beyond what the launcher's sed can read: values are ours and plain. */
    private static void writeProperties(Path file, Properties properties) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String key : properties.stringPropertyNames()) {
            text.append(key)
                    .append('=')
                    .append(properties.getProperty(key).replace('\n', ' ').replace('\\', '/'))
                    .append('\n');
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties p = new Properties();
        // Read as plain lines: the launcher writes them with echo, and a ':' or '\' must stay as it is.
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                p.setProperty(
                        line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return p;
    }

    private static String clip(String text) {
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
