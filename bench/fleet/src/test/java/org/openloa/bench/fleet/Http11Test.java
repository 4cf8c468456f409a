package org.openloa.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's HTTP/1.1 client against a server written out byte by byte here, so that each framing and each
 * way a kept-alive connection ends is produced for real on a socket.
 */
class Http11Test {

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Http11 http = new Http11(5_000);

    @AfterEach
    void stop() throws IOException {
        http.close();
        if (server != null) {
            server.close();
        }
    }

    /**
     * Serves each connection with {@code answer}: given the connection's number and the request's number on it,
     * the bytes to write, or null to close the connection without answering.
     */
    private URI serve(BiFunction<Integer, Integer, String> answer) throws IOException {
        server = new ServerSocket(0);
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int number = connections.incrementAndGet();
                    daemon(() -> connection(s, number, answer));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/edge/v1/manifest?x=1");
    }

    private static void daemon(Runnable work) {
        Thread t = new Thread(work);
        t.setDaemon(true);
        t.start();
    }

    private void connection(Socket s, int number, BiFunction<Integer, Integer, String> answer) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            for (int i = 1; ; i++) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                int length = 0;
                StringBuilder request = new StringBuilder(line);
                for (String h; !(h = in.readLine()).isEmpty(); ) {
                    request.append('\n').append(h);
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                requests.add(request + "\n\n" + new String(body));
                String bytes = answer.apply(number, i);
                if (bytes == null) {
                    return;
                }
                out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String text(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void aKeptAliveConnectionCarriesTheNextRequestAndTheRequestIsWrittenAsHttp11() throws IOException {
        URI uri = serve((c, i) -> text("answer " + i));

        assertThat(new String(http.send("GET", uri, new String[] {"Authorization", "Bearer x"}, null, 5_000)
                        .bytes()))
                .isEqualTo("answer 1");
        assertThat(new String(http.send("POST", uri, new String[0], "{}".getBytes(), 5_000)
                        .bytes()))
                .isEqualTo("answer 2");

        assertThat(connections).hasValue(1);
        assertThat(requests.get(0))
                .startsWith("GET /edge/v1/manifest?x=1 HTTP/1.1\nHost: 127.0.0.1:")
                .contains("\nAuthorization: Bearer x");
        assertThat(requests.get(1))
                .startsWith("POST /edge/v1/manifest?x=1 HTTP/1.1")
                .endsWith("Content-Length: 2\n\n{}");
    }

    @Test
    void aChunkedBodyIsReadWholeAndItsConnectionKept() throws IOException {
        URI uri = serve((c, i) -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(new String(http.send("GET", uri, new String[0], null, 5_000).bytes()))
                .isEqualTo("hello, world");
        assertThat(new String(http.send("GET", uri, new String[0], null, 5_000).bytes()))
                .isEqualTo("hello, world");
        assertThat(connections).hasValue(1);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedOnce() throws IOException {
        // The server answers one request per connection and then closes it without saying so, as a server whose
        // keep-alive timeout ran out does.
        URI uri = serve((c, i) -> i == 1 ? text("on " + c) : null);

        assertThat(new String(http.send("GET", uri, new String[0], null, 5_000).bytes()))
                .isEqualTo("on 1");
        assertThat(new String(http.send("GET", uri, new String[0], null, 5_000).bytes()))
                .isEqualTo("on 2");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aNotModifiedHasNoBodyAndConnectionCloseIsHonoured() throws IOException {
        URI uri = serve((c, i) -> i == 1
                ? "HTTP/1.1 304 Not Modified\r\nETag: \"m-1\"\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");

        Http11.Response notModified = http.send("GET", uri, new String[0], null, 5_000);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("etag")).contains("\"m-1\"");
        assertThat(notModified.bytes()).isEmpty();
        // the 304 gave its connection back: the second request goes on it and is told to close it
        assertThat(new String(http.send("GET", uri, new String[0], null, 5_000).bytes()))
                .isEqualTo("ok");
        assertThat(connections).hasValue(1);
        // so the third opens another
        assertThat(http.send("GET", uri, new String[0], null, 5_000).status()).isEqualTo(304);
        assertThat(connections).hasValue(2);
    }

    @Test
    void aBodyCutShortIsAnErrorAndANewConnectionIsFresh() throws IOException {
        URI uri = serve((c, i) -> c == 1 ? "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc" : text("whole"));
        // connection 1 sends 3 of the 10 bytes and waits: the client's read times out
        Http11.Response cut = http.send("GET", uri, new String[0], null, 1_000);
        assertThatThrownBy(cut::bytes).isInstanceOf(IOException.class);

        assertThat(new String(http.send("GET", uri, new String[0], null, 5_000).bytes()))
                .isEqualTo("whole");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aServerThatNeverAnswersOnAFreshConnectionIsAnError() throws IOException {
        URI uri = serve((c, i) -> null);

        assertThatThrownBy(() -> http.send("GET", uri, new String[0], null, 5_000))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("no answer");
        assertThat(connections).hasValue(1);
    }
}
