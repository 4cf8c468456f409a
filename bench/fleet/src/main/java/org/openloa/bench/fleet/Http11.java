package org.openloa.bench.fleet;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A plain HTTP/1.1 client on blocking sockets, kept alive and pooled per server: each call has a connection of its
 * own for its duration, as each box of a real fleet has. The simulator used the JDK's {@code HttpClient}, whose one
 * selector thread per client and its reactive body plumbing cost the simulator more CPU than a box's download is
 * worth: on the 2 cores it shares with cms, what the simulator spends is taken from what is measured. Here a call
 * is a write and blocking reads on the caller's (virtual) thread, the body read straight from the socket's buffer.
 *
 * <p>Only what the edge protocol needs: GET and POST, a {@code Content-Length} or chunked body or one that ends
 * with the connection, {@code Connection: close}. A pooled connection the server closed meanwhile is noticed when
 * nothing of the answer came back, and the request goes once more on a fresh connection.
 */
final class Http11 implements AutoCloseable {

    private final int connectTimeoutMillis;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

    Http11(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** An answer whose body is read from {@link #body()}; closing it gives the connection back when it can. */
    static final class Response implements AutoCloseable {
        private final int status;
        private final Map<String, String> headers;
        private final Body body;

        private Response(int status, Map<String, String> headers, Body body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return status;
        }

        /** A header's value, by its name in any case; the first one when repeated. */
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        InputStream body() {
            return body;
        }

        byte[] bytes() throws IOException {
            try (this) {
                return body.readAllBytes();
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Sends one request. {@code headers} are name, value pairs; {@code body} is null for none. {@code readTimeout}
     * bounds each wait for the server (a long poll adds its wait to it).
     */
    Response send(String method, URI uri, String[] headers, byte[] body, int readTimeoutMillis) throws IOException {
        String key = uri.getHost() + ":" + port(uri);
        byte[] head = head(method, uri, headers, body);
        for (int attempt = 0; ; attempt++) {
            Connection connection = attempt == 0 ? pooled(key) : null;
            boolean reused = connection != null;
            if (connection == null) {
                connection = open(uri, key);
            }
            try {
                connection.socket.setSoTimeout(readTimeoutMillis);
                connection.out.write(head);
                if (body != null) {
                    connection.out.write(body);
                }
                connection.out.flush();
                String status = connection.line(true);
                return answer(method, connection, status);
            } catch (StaleConnection | java.net.SocketException e) {
                connection.close();
                if (!reused) {
                    throw e instanceof StaleConnection ? new EOFException("no answer from " + key) : e;
                }
                // a kept-alive connection the server had closed: once more on a new one
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        idle.values().forEach(q -> q.forEach(Connection::close));
        idle.clear();
    }

    private Connection pooled(String key) {
        ConcurrentLinkedDeque<Connection> queue = idle.get(key);
        for (Connection c; queue != null && (c = queue.pollFirst()) != null; ) {
            if (!c.socket.isClosed()) {
                return c;
            }
        }
        return null;
    }

    private Connection open(URI uri, String key) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), connectTimeoutMillis);
            return new Connection(key, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private Response answer(String method, Connection connection, String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String line; !(line = connection.line(false)).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        if (status / 100 == 1) { // 100 Continue and the like: the answer follows
            return answer(method, connection, connection.line(false));
        }
        boolean keep = !"close".equalsIgnoreCase(headers.get("connection")) && statusLine.startsWith("HTTP/1.1");
        Body body;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            body = new Body(connection, 0, keep);
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = new Chunked(connection, keep);
        } else if (headers.containsKey("content-length")) {
            body = new Body(connection, Long.parseLong(headers.get("content-length")), keep);
        } else {
            body = new Body(connection, Long.MAX_VALUE, false); // to the end of the connection
        }
        return new Response(status, headers, body);
    }

    private static byte[] head(String method, URI uri, String[] headers, byte[] body) {
        StringBuilder h = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            h.append('?').append(uri.getRawQuery());
        }
        h.append(" HTTP/1.1\r\nHost: ")
                .append(uri.getHost())
                .append(':')
                .append(port(uri))
                .append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** Nothing came back on a kept-alive connection: the server had closed it. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("connection closed before an answer");
        }
    }

    private final class Connection {
        private final String key;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(String key, Socket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 32 * 1024);
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
        }

        /** A header line without its CRLF; {@code first}: an end before any byte means the server had closed. */
        String line(boolean first) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b; ; ) {
                try {
                    b = in.read();
                } catch (java.net.SocketException e) {
                    if (first && line.size() == 0) {
                        throw new StaleConnection();
                    }
                    throw e;
                }
                if (b < 0) {
                    if (first && line.size() == 0) {
                        throw new StaleConnection();
                    }
                    throw new EOFException("the answer ended in its head");
                }
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (line.size() > 16 * 1024) {
                    throw new IOException("header line too long");
                }
                line.write(b);
            }
        }

        void release() {
            idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(this);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A body of a known length (or to the end of the connection); the connection is given back once all is read. */
    private static class Body extends InputStream {
        final Connection connection;
        final boolean keep;
        long left;
        boolean done;

        Body(Connection connection, long length, boolean keep) {
            this.connection = connection;
            this.left = length;
            this.keep = keep;
            if (length == 0) {
                finish(true);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = connection.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                if (left != Long.MAX_VALUE) {
                    finish(false);
                    throw new EOFException("the body ended " + left + " bytes short");
                }
                finish(false);
                return -1;
            }
            left -= n;
            if (left == 0) {
                finish(true);
            }
            return n;
        }

        void finish(boolean whole) {
            if (done) {
                return;
            }
            done = true;
            if (whole && keep) {
                connection.release();
            } else {
                connection.close();
            }
        }

        @Override
        public void close() {
            finish(false); // a body not read to its end takes its connection with it
        }
    }

    /** {@code Transfer-Encoding: chunked}. */
    private static final class Chunked extends Body {
        private long chunk = -1; // -1: a size line is next

        Chunked(Connection connection, boolean keep) {
            super(connection, Long.MAX_VALUE, keep);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunk <= 0) {
                if (chunk == 0) {
                    connection.line(false); // the CRLF after a chunk
                }
                String size = connection.line(false);
                int semicolon = size.indexOf(';');
                chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunk == 0) {
                    while (!connection.line(false).isEmpty()) {
                        // trailers
                    }
                    finish(true);
                    return -1;
                }
            }
            int n = connection.in.read(b, off, (int) Math.min(len, chunk));
            if (n < 0) {
                finish(false);
                throw new EOFException("a chunk ended early");
            }
            chunk -= n;
            return n;
        }
    }
}
