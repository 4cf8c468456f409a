package org.openloa.cms.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A tiny SMTP server for tests (no GreenMail on this machine's Maven mirror): speaks just enough SMTP (RFC 5321:
 * EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on a loopback port to receive what a real client sends, and
 * keeps each message's envelope and raw text. One connection at a time, which is how JavaMail sends.
 */
final class TinySmtpServer implements AutoCloseable {

    /** One message as received: the envelope recipients and the raw message (headers and body). */
    record Received(String from, List<String> to, String raw) {}

    private final ServerSocket socket;
    private final Thread thread;
    final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

    TinySmtpServer() {
        try {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "tiny-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException closedOrDropped) {
                // the server is closing, or a client hung up: wait for the next
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 tiny-smtp ready");
        String from = null;
        List<String> to = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.length() < 4
                    ? line.toUpperCase()
                    : line.substring(0, 4).toUpperCase();
            switch (verb) {
                case "EHLO", "HELO" -> reply(out, "250 tiny-smtp");
                case "MAIL" -> {
                    from = address(line);
                    to = new ArrayList<>();
                    reply(out, "250 OK");
                }
                case "RCPT" -> {
                    to.add(address(line));
                    reply(out, "250 OK");
                }
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder raw = new StringBuilder();
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        raw.append(data.startsWith("..") ? data.substring(1) : data)
                                .append("\r\n");
                    }
                    messages.add(new Received(from, List.copyOf(to), raw.toString()));
                    reply(out, "250 OK queued");
                }
                case "RSET", "NOOP" -> reply(out, "250 OK");
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "502 not implemented");
            }
        }
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open >= 0 && close > open
                ? line.substring(open + 1, close)
                : line.substring(line.indexOf(':') + 1).strip();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
