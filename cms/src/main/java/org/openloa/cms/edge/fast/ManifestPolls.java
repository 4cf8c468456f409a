package org.openloa.cms.edge.fast;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.DateFormatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import org.openloa.cms.edge.ManifestHotPath;

/**
 * The poll answered before Netty's HTTP codec: a box's {@code GET /edge/v1/manifest} that {@link ManifestHotPath}
 * answers from memory is read from the connection's bytes and answered with bytes written straight to the socket,
 * with no request, header or response objects (Netty's codec makes a dozen of them for every poll).
 * Everything else, and every request while the {@link EdgeConnection} behind the codec is still answering an
 * earlier one, goes on to the codec as the exact bytes of that request, so the codec only ever sees whole
 * requests and the order of answers is kept. The rules are {@link ManifestHotPath}'s; this class only reads the
 * three headers they need and frames requests by their Content-Length. What it does not read with certainty
 * (a chunked body, a folded header line, a bare LF, a head over {@value #MAX_HEAD} bytes) turns it off for the
 * rest of the connection: from then on the codec reads every byte, and decides.
 */
final class ManifestPolls extends ChannelInboundHandlerAdapter {

    /** Netty's own limits: an initial line of 4,096 and headers of 8,192 bytes. */
    static final int MAX_HEAD = 4096 + 8192;

    private static final byte[] TARGET = ascii(ManifestHotPath.PATH);
    private static final byte[] HTTP_1_1 = ascii("HTTP/1.1");
    private static final byte[] NOT_MODIFIED = ascii("HTTP/1.1 304 Not Modified\r\netag: ");
    private static final byte[] OK =
            ascii("HTTP/1.1 200 OK\r\ncontent-type: " + ManifestHotPath.CONTENT_TYPE + "\r\ncontent-length: ");
    private static final byte[] ETAG = ascii("\r\netag: ");

    private final ManifestHotPath hotPath;
    private final EdgeConnection connection;
    /**
     * Whether a batch's answers may be written straight to the socket ({@link #send}): on epoll, where every write is
     * a system call anyway; not on io_uring, whose writes go out with the loop's next submission, no call of their own.
     */
    private final boolean writeToSocket;

    /** Bytes read and not yet answered or passed on; never written into (slices of it may be downstream). */
    private ByteBuf pending;
    /** Body bytes of the request passed on that are still to come, to be passed on as they arrive. */
    private long body;
    /** This connection's bytes all go to the codec (something here could not be read with certainty). */
    private boolean codecOnly;
    /** The answers from memory of this read batch, not yet written: they go out together at its end. */
    private ByteBuf answers;
    /** Something was written to the pipeline since the last flush. */
    private boolean written;
    /**
     * Something went on to the codec in this read batch: only then does the batch's end go on too (the codec and
     * {@link EdgeConnection} have nothing to do at the end of a batch of polls answered here, but a flush each).
     */
    private boolean passedOn;

    ManifestPolls(ManifestHotPath hotPath, EdgeConnection connection, boolean writeToSocket) {
        this.hotPath = hotPath;
        this.connection = connection;
        this.writeToSocket = writeToSocket;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (codecOnly || !(msg instanceof ByteBuf in)) {
            passOn(ctx, msg);
            return;
        }
        if (pending == null) {
            pending = in;
        } else { // the rest of a head that came in parts (rare): one buffer again
            ByteBuf both = ctx.alloc().ioBuffer(pending.readableBytes() + in.readableBytes());
            both.writeBytes(pending).writeBytes(in);
            pending.release();
            in.release();
            pending = both;
        }
        try {
            readRequests(ctx);
        } finally {
            ByteBuf left = pending;
            if (left != null && (codecOnly || !left.isReadable())) {
                pending = null;
                if (left.isReadable() && ctx.channel().isActive()) {
                    passOn(ctx, left); // the codec takes it from here
                } else {
                    left.release();
                }
            }
        }
    }

    private void readRequests(ChannelHandlerContext ctx) {
        ByteBuf buf = pending;
        while (buf.isReadable() && !codecOnly && ctx.channel().isActive()) {
            if (body > 0) {
                int part = (int) Math.min(body, buf.readableBytes());
                body -= part;
                passOn(ctx, buf.readRetainedSlice(part));
                continue;
            }
            Head head = Head.read(buf);
            if (head == null) { // not whole yet
                codecOnly = buf.readableBytes() > MAX_HEAD;
                return;
            }
            if (head == Head.UNREADABLE) {
                codecOnly = true;
                return;
            }
            if (head.hot && connection.idle()) {
                ManifestHotPath.Answer answer = hotPath.answer(
                        head.bytes,
                        head.authorizationFrom,
                        head.authorizationTo,
                        head.ifNoneMatchFrom,
                        head.ifNoneMatchTo);
                if (answer != null) {
                    buf.skipBytes(head.length);
                    write(ctx, answer);
                    continue;
                }
            }
            body = head.contentLength;
            passOn(ctx, buf.readRetainedSlice(head.length));
        }
    }

    /** To the codec, after the answers written so far (their bytes go out before anything it answers). */
    private void passOn(ChannelHandlerContext ctx, Object msg) {
        ByteBuf out = answers;
        if (out != null) {
            answers = null;
            ctx.write(out, ctx.voidPromise());
            written = true;
        }
        passedOn = true;
        ctx.fireChannelRead(msg);
    }

    /**
     * Adds the answer from memory to this batch's: exactly the headers {@code ManifestFilter} sets, plus Date (those
     * of {@code EdgeConnection}'s answer to a poll the codec read).
     */
    private void write(ChannelHandlerContext ctx, ManifestHotPath.Answer answer) {
        byte[] etag = answer.etagBytes();
        byte[] end = Now.second().headEnd();
        ByteBuf out = answers;
        if (out == null) {
            out = ctx.alloc().directBuffer(answer.notModified() ? 256 : 4096);
            answers = out;
        }
        if (answer.notModified()) {
            out.writeBytes(NOT_MODIFIED);
            out.writeBytes(etag);
            out.writeBytes(end);
            return;
        }
        ByteBuf content = ctx.alloc().heapBuffer(4096);
        try {
            answer.writeBody(new ByteBufOutputStream(content));
            out.writeBytes(OK);
            ByteBufUtil.writeAscii(out, Integer.toString(content.readableBytes()));
            out.writeBytes(ETAG);
            out.writeBytes(etag);
            out.writeBytes(end);
            out.writeBytes(content);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not write a manifest from memory", e);
        } finally {
            content.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ByteBuf out = answers;
        if (out != null) {
            answers = null;
            send(ctx, out);
        }
        if (written) {
            written = false;
            ctx.flush();
        }
        if (passedOn || codecOnly) {
            passedOn = false;
            ctx.fireChannelReadComplete();
        }
    }

    /**
     * The batch's answers, in one write(2) straight to the socket when nothing else is queued on the connection
     * (then the order of bytes is this batch's): Netty's way (a promise, an entry in the outbound buffer, the
     * pipeline's outbound handlers, the pending-bytes accounting) cost a fifth of a poll's CPU on epoll. What the
     * socket does not take at once, every answer while something else is queued, and every answer on io_uring
     * ({@link #writeToSocket}), goes Netty's way, after what is queued.
     */
    private void send(ChannelHandlerContext ctx, ByteBuf out) {
        Channel channel = ctx.channel();
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        if (writeToSocket
                && !written
                && channel instanceof UnixChannel unix
                && out.hasMemoryAddress()
                && queued != null
                && queued.totalPendingWriteBytes() == 0) {
            try {
                out.skipBytes(unix.fd().writeAddress(out.memoryAddress(), out.readerIndex(), out.writerIndex()));
            } catch (IOException e) { // the box went away
                out.release();
                ctx.close();
                return;
            }
            if (!out.isReadable()) {
                out.release();
                return;
            }
        }
        ctx.write(out, ctx.voidPromise());
        written = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        ByteBuf left = pending;
        pending = null;
        if (left != null) {
            left.release();
        }
        ByteBuf unsent = answers;
        answers = null;
        if (unsent != null) {
            unsent.release();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A request's head as far as the poll needs it: whether it is a keep-alive HTTP/1.1 GET of the manifest with no
     * body, no {@code Prefer} and no {@code Cache-Control} (then where its Authorization and If-None-Match values lie
     * in the head's bytes: no String is made for them), and its Content-Length.
     */
    static final class Head {

        static final Head UNREADABLE = new Head();

        /** The bytes of the head, its blank line included. */
        int length;

        long contentLength;
        boolean hot;
        /** The head's bytes (a copy), where the values below lie. */
        byte[] bytes;
        /** The Authorization value is [authorizationFrom, authorizationTo) of {@link #bytes}; from is -1 if absent. */
        int authorizationFrom = -1;

        int authorizationTo = -1;
        /** The same for If-None-Match. */
        int ifNoneMatchFrom = -1;

        int ifNoneMatchTo = -1;

        /**
         * The head at the reader index (not consumed), {@link #UNREADABLE} when it is not to be read here, or null
         * when it is not whole yet (or longer than {@link #MAX_HEAD}, which the caller then leaves to the codec).
         * Read from a copy in an array: reading the buffer byte by byte, each access checked, was two thirds of
         * the listener's own CPU per poll.
         */
        static Head read(ByteBuf buf) {
            byte[] bytes = new byte[Math.min(buf.readableBytes(), MAX_HEAD + 2)];
            buf.getBytes(buf.readerIndex(), bytes);
            return read(bytes, bytes.length);
        }

        private static Head read(byte[] b, int end) {
            int lineEnd = lineEnd(b, 0, end);
            if (lineEnd < 0) {
                return null;
            }
            if (lineEnd == UNREADABLE_LINE || lineEnd == 0) {
                return UNREADABLE; // a bare LF, or a blank line before the request line
            }
            Head head = new Head();
            head.bytes = b;
            head.hot = isManifestGet(b, lineEnd);
            boolean connectionOk = true;
            boolean seenLength = false;
            for (int line = lineEnd + 2; ; ) {
                int next = lineEnd(b, line, end);
                if (next < 0) {
                    return null;
                }
                if (next == UNREADABLE_LINE) {
                    return UNREADABLE;
                }
                if (next == line) {
                    head.length = next + 2;
                    head.hot &= connectionOk && head.contentLength == 0;
                    return head;
                }
                int colon = indexOf(b, line, next, (byte) ':');
                byte first = b[line];
                if (colon <= line || first == ' ' || first == '\t' || isSpace(b[colon - 1])) {
                    return UNREADABLE; // a folded line, a line with no name, or space before the colon
                }
                int valueStart = colon + 1;
                while (valueStart < next && isSpace(b[valueStart])) {
                    valueStart++;
                }
                int valueEnd = next;
                while (valueEnd > valueStart && isSpace(b[valueEnd - 1])) {
                    valueEnd--;
                }
                int nameLength = colon - line;
                if (named(b, line, nameLength, "content-length")) {
                    long length = digits(b, valueStart, valueEnd);
                    if (length < 0 || (seenLength && length != head.contentLength)) {
                        return UNREADABLE;
                    }
                    seenLength = true;
                    head.contentLength = length;
                } else if (named(b, line, nameLength, "transfer-encoding")) {
                    return UNREADABLE; // chunked framing is the codec's
                } else if (named(b, line, nameLength, "authorization")) {
                    head.hot &= head.authorizationFrom < 0;
                    head.authorizationFrom = valueStart;
                    head.authorizationTo = valueEnd;
                } else if (named(b, line, nameLength, "if-none-match")) {
                    head.hot &= head.ifNoneMatchFrom < 0;
                    head.ifNoneMatchFrom = valueStart;
                    head.ifNoneMatchTo = valueEnd;
                } else if (named(b, line, nameLength, "prefer")) {
                    head.hot = false; // a long poll: the servlet path holds it
                } else if (named(b, line, nameLength, "cache-control")) {
                    head.hot = false; // a woken poll revalidating (ManifestHotPath.revalidates): the codec's way
                } else if (named(b, line, nameLength, "connection")) {
                    connectionOk &= named(b, valueStart, valueEnd - valueStart, "keep-alive");
                }
                line = next + 2;
            }
        }

        private static final int UNREADABLE_LINE = -2;

        /** The index of the CR of the line's CRLF, -1 when the line is not whole yet, or UNREADABLE_LINE. */
        private static int lineEnd(byte[] b, int from, int end) {
            int lf = indexOf(b, from, end, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            return lf > from && b[lf - 1] == '\r' ? lf - 1 : UNREADABLE_LINE;
        }

        private static int indexOf(byte[] b, int from, int to, byte value) {
            for (int i = from; i < to; i++) {
                if (b[i] == value) {
                    return i;
                }
            }
            return -1;
        }

        /** "GET /edge/v1/manifest HTTP/1.1", with or without a query, from 0 to end. */
        private static boolean isManifestGet(byte[] b, int end) {
            if (end < 4 + TARGET.length + 9 || b[0] != 'G' || b[1] != 'E' || b[2] != 'T' || b[3] != ' ') {
                return false;
            }
            int at = 4;
            if (!exactly(b, at, TARGET)) {
                return false;
            }
            at += TARGET.length;
            byte after = b[at];
            if (after != ' ' && after != '?') {
                return false;
            }
            int version = end - 9;
            return b[version] == ' ' && indexOf(b, at, version, (byte) ' ') < 0 && exactly(b, version + 1, HTTP_1_1);
        }

        private static boolean exactly(byte[] b, int from, byte[] bytes) {
            return Arrays.equals(b, from, from + bytes.length, bytes, 0, bytes.length);
        }

        /** Whether the bytes are this lower-case ASCII name, in any case. */
        private static boolean named(byte[] b, int from, int length, String name) {
            if (length != name.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                int c = b[from + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** A decimal number of at most 18 digits, or -1. */
        private static long digits(byte[] b, int from, int to) {
            if (to <= from || to - from > 18) {
                return -1;
            }
            long value = 0;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\t';
        }
    }

    /** The Date header's value, formatted once a second. */
    static final class Now {

        /**
         * @param headEnd what ends the head of every answer from memory in this second, after the ETag: the
         *                Cache-Control and Date headers and the blank line, in one piece
         */
        record Second(long epochSecond, String text, byte[] headEnd) {}

        private static volatile Second current = new Second(-1, "", new byte[0]);

        static Second second() {
            long now = System.currentTimeMillis() / 1000;
            Second second = current;
            if (second.epochSecond() != now) {
                String text = DateFormatter.format(new Date(now * 1000));
                second = new Second(
                        now,
                        text,
                        ascii("\r\ncache-control: " + ManifestHotPath.CACHE_CONTROL + "\r\ndate: " + text
                                + "\r\n\r\n"));
                current = second;
            }
            return second;
        }

        private Now() {}
    }
}
