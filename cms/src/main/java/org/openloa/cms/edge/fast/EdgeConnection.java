package org.openloa.cms.edge.fast;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.openloa.cms.edge.ManifestHotPath;

/**
 * One box's connection to the fast listener. A GET of the manifest that {@link ManifestHotPath} answers from
 * memory is answered here (304, or 200 with the cached bytes), with the same rules, headers and counters as the
 * servlet filter; so is a woken poll that revalidates, once the index has looked at device_plan since it arrived. Everything else under /edge/v1 (a miss, a long poll with {@code Prefer: wait}, enrolment,
 * heartbeats, downloads...) is passed on, part by part as it arrives, to cms's own HTTP port over one keep-alive
 * loopback connection per box connection, and the answer streamed back: the database checks, problem+json
 * answers, long polls and manifest builds stay the servlet path's, in one implementation. Not a 307: a box must
 * not learn a second address. Paths outside /edge/v1 get 404 (the UI and /api are not served on this port).
 *
 * <p>Answers keep the order of requests (HTTP/1.1 pipelining): while a forwarded request is being answered, the
 * requests after it wait here, and this connection stops reading.
 */
final class EdgeConnection extends ChannelInboundHandlerAdapter {

    private static final String EDGE = "/edge/v1/";
    private static final String PREFER = "Prefer";
    /** The loopback connection closes when idle this long, well before Tomcat's keep-alive timeout. */
    private static final int BACKEND_IDLE_SECONDS = 10;

    private final ManifestHotPath hotPath;
    private final ServletPort servlets;
    private final Class<? extends Channel> channelType;
    /** Where a woken poll waits for the index's look at device_plan: a look reads the database, an event loop must not. */
    private final Executor revalidations;

    private ChannelHandlerContext ctx;
    /** The keep-alive connection to the servlet port, opened at the first request passed on. */
    private Channel backend;

    private boolean connecting;
    /** Parts of a request passed on before the connection to the servlet port is open. */
    private final ArrayDeque<Object> toBackend = new ArrayDeque<>();
    /** Requests (and their parts) received while an earlier one is being answered by the servlet port. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** A request passed on whose answer has not fully come back. */
    private boolean exchange;
    /** The parts of the current request are still being passed on. */
    private boolean forwardingRequest;
    /** The servlet port's answer has begun (its status line went to the box). */
    private boolean answering;
    /** The answer under way is informational (100 Continue): the real one follows. */
    private boolean informational;
    /** Whether the box keeps the connection after the current request. */
    private boolean keepAlive = true;
    /**
     * The current request when it is a GET or HEAD without a body: sent again, once, on a new connection when
     * the loopback connection closes before any answer (Tomcat closing an idle keep-alive connection just as a
     * request goes out on it).
     */
    private HttpRequest retryable;

    EdgeConnection(
            ManifestHotPath hotPath,
            ServletPort servlets,
            Class<? extends Channel> channelType,
            Executor revalidations) {
        this.hotPath = hotPath;
        this.servlets = servlets;
        this.channelType = channelType;
        this.revalidations = revalidations;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (blocked()) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(msg);
    }

    /** A request after one still being answered by the servlet port waits for it. */
    private boolean blocked() {
        return exchange && !forwardingRequest;
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                keepAlive = false;
                plain(HttpResponseStatus.BAD_REQUEST);
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(request);
            String path = path(request.uri());
            HttpHeaders headers = request.headers();
            boolean revalidates = ManifestHotPath.revalidates(headers.get(HttpHeaderNames.CACHE_CONTROL));
            if (revalidates
                    && path.equals(ManifestHotPath.PATH)
                    && !headers.contains(PREFER)
                    && request.method().equals(HttpMethod.GET)
                    && !(request instanceof LastHttpContent)
                    && !HttpUtil.isContentLengthSet(request)
                    && !HttpUtil.isTransferEncodingChunked(request)) {
                ManifestHotPath.Answer held = hotPath.answerWoken(
                        "GET",
                        headers.get(HttpHeaderNames.AUTHORIZATION),
                        headers.get(HttpHeaderNames.IF_NONE_MATCH),
                        headers.get(ManifestHotPath.PLAN_VERSION));
                if (held != null) {
                    // This node holds what the wake announced: answered here and now, with no look to wait for.
                    ReferenceCountUtil.release(msg);
                    answer(held);
                    return;
                }
                revalidate(request);
                return;
            }
            if (path.equals(ManifestHotPath.PATH) && !headers.contains(PREFER) && !revalidates) {
                ManifestHotPath.Answer answer = hotPath.answer(
                        request.method().name(),
                        headers.get(HttpHeaderNames.AUTHORIZATION),
                        headers.get(HttpHeaderNames.IF_NONE_MATCH));
                if (answer != null) {
                    ReferenceCountUtil.release(msg); // its body, if any, is dropped as it arrives
                    answer(answer);
                    return;
                }
            }
            if (path.startsWith(EDGE)) {
                forward(request);
                return;
            }
            ReferenceCountUtil.release(msg);
            plain(HttpResponseStatus.NOT_FOUND);
        } else if (msg instanceof HttpContent content) {
            if (forwardingRequest) {
                if (content instanceof LastHttpContent) {
                    forwardingRequest = false;
                }
                toServlets(content);
            } else {
                content.release(); // the body of a request answered here
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private static String path(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /**
     * A woken poll ({@link ManifestHotPath#revalidates}): answered here from memory once the index has looked at
     * device_plan since it arrived, as the servlet filter would answer it, but without a trip through Tomcat, whose
     * threads a wave of 1,000 woken boxes shares with their item-event posts (docs/benchmarks.md, "Emergency: time
     * to air"). Passed on when this node holds nothing current for the box. Until then it is the request under way:
     * the requests after it wait, and {@link ManifestPolls} answers none ahead of it.
     */
    private void revalidate(HttpRequest request) {
        exchange = true;
        answering = false;
        forwardingRequest = false; // a bodiless GET: its empty last part waits and is dropped when this is done
        long arrived = System.nanoTime();
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        String planVersion = request.headers().get(ManifestHotPath.PLAN_VERSION);
        try {
            revalidations.execute(() -> {
                ManifestHotPath.Answer answer;
                try {
                    answer = hotPath.answerRevalidated("GET", authorization, ifNoneMatch, planVersion, arrived);
                } catch (RuntimeException e) {
                    answer = null; // the servlet path decides, and says what went wrong
                }
                ManifestHotPath.Answer result = answer;
                try {
                    ctx.channel().eventLoop().execute(() -> revalidated(request, result));
                } catch (RejectedExecutionException stopping) {
                    // the listener is stopping: the connection closes with it
                }
            });
        } catch (RejectedExecutionException stopping) {
            revalidated(request, null);
        }
    }

    private void revalidated(HttpRequest request, ManifestHotPath.Answer answer) {
        if (!ctx.channel().isActive()) {
            return; // the box went away; what waited was released
        }
        if (answer == null) {
            forward(request);
            forwardingRequest = false;
            toServlets(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        answer(answer);
        exchangeDone();
    }

    /**
     * The answer from memory to a request the codec read (it waited behind one passed on, or asked to close): the
     * headers {@link ManifestPolls} writes, as a response through the codec, whose encoder pairs each answer with
     * the request it read (a HEAD's answer has no body).
     */
    private void answer(ManifestHotPath.Answer answer) {
        FullHttpResponse response;
        if (answer.notModified()) {
            response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
        } else {
            ByteBuf body = ctx.alloc().ioBuffer(4096);
            try {
                answer.writeBody(new ByteBufOutputStream(body));
            } catch (IOException | RuntimeException e) {
                body.release();
                throw new IllegalStateException("could not write a manifest from memory", e);
            }
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, ManifestHotPath.CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        response.headers()
                .set(HttpHeaderNames.ETAG, answer.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, ManifestHotPath.CACHE_CONTROL)
                .set(HttpHeaderNames.DATE, ManifestPolls.Now.second().text());
        send(response);
    }

    /**
     * Whether nothing is under way here: no request being answered by the servlet port, none waiting for it, the
     * connection kept. Only then may {@link ManifestPolls} answer a poll itself, ahead of the codec.
     */
    boolean idle() {
        return !exchange && waiting.isEmpty() && keepAlive;
    }

    /** 400 (a request that is not HTTP), 404 (not /edge/v1) or 502 (cms's own port did not answer). */
    private void plain(HttpResponseStatus status) {
        byte[] body = ("{\"status\":" + status.code() + ",\"title\":\"" + status.reasonPhrase() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.DATE, ManifestPolls.Now.second().text());
        send(response);
    }

    private void send(FullHttpResponse response) {
        if (keepAlive) {
            ctx.write(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ------------------------------------------------------------------ passing on to the servlet port

    private void forward(HttpRequest request) {
        exchange = true;
        answering = false;
        forwardingRequest = !(request instanceof LastHttpContent);
        HttpHeaders headers = request.headers();
        // Hop-by-hop headers are this connection's; the loopback connection is kept alive on its own terms.
        headers.remove(HttpHeaderNames.CONNECTION)
                .remove(HttpHeaderNames.KEEP_ALIVE)
                .remove("Proxy-Connection")
                .remove(HttpHeaderNames.UPGRADE)
                .remove("HTTP2-Settings");
        // The box's address appended, as nginx's $proxy_add_x_forwarded_for does: cms believes it (for enrolment
        // throttling and the audit log) only when loopback is in server.tomcat.remoteip.internal-proxies, and
        // then takes the rightmost address it does not trust, so a box cannot forge the address cms sees.
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
            String before = headers.get("X-Forwarded-For");
            String address = peer.getAddress().getHostAddress();
            headers.set("X-Forwarded-For", before == null ? address : before + ", " + address);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        boolean safe =
                request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        retryable = safe && !HttpUtil.isContentLengthSet(request) && !HttpUtil.isTransferEncodingChunked(request)
                ? request
                : null;
        toServlets(request);
    }

    private void toServlets(Object part) {
        Channel channel = backend;
        if (channel != null && channel.isActive() && toBackend.isEmpty()) {
            if (part instanceof LastHttpContent) {
                channel.writeAndFlush(part, channel.voidPromise());
                ctx.channel().config().setAutoRead(false); // until the answer is back
            } else {
                channel.write(part, channel.voidPromise());
                if (!channel.isWritable()) {
                    // the body waits for the servlet port; stopped before the flush, which may drain and resume it
                    ctx.channel().config().setAutoRead(false);
                    channel.flush();
                    if (channel.isWritable() && forwardingRequest) {
                        ctx.channel().config().setAutoRead(true);
                    }
                }
            }
            return;
        }
        toBackend.add(part);
        if (!connecting) {
            connect();
        }
    }

    private void connect() {
        connecting = true;
        new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new IdleStateHandler(0, 0, BACKEND_IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpClientCodec(), new FromServlets());
                    }
                })
                .connect(servlets.address())
                .addListener((ChannelFuture connected) -> {
                    connecting = false;
                    if (!connected.isSuccess()) {
                        toBackend.forEach(ReferenceCountUtil::release);
                        toBackend.clear();
                        failExchange();
                        return;
                    }
                    if (!ctx.channel().isActive()) {
                        connected.channel().close(); // the box went away meanwhile
                        toBackend.forEach(ReferenceCountUtil::release);
                        toBackend.clear();
                        return;
                    }
                    backend = connected.channel();
                    boolean last = false;
                    for (Object part; (part = toBackend.poll()) != null; ) {
                        last = part instanceof LastHttpContent;
                        backend.write(part, backend.voidPromise());
                    }
                    backend.flush();
                    if (last) {
                        ctx.channel().config().setAutoRead(false);
                    }
                });
    }

    /** The servlet port went away before it answered: 502, and this connection closes. */
    private void failExchange() {
        if (!exchange) {
            return;
        }
        exchange = false;
        keepAlive = false;
        if (answering) {
            ctx.close();
        } else {
            plain(HttpResponseStatus.BAD_GATEWAY);
        }
    }

    /** The servlet port's answer is complete: on to the requests that waited. */
    private void exchangeDone() {
        exchange = false;
        answering = false;
        if (!keepAlive) {
            return; // closed once the last part is written
        }
        IdleStateHandler idle = ctx.pipeline().get(IdleStateHandler.class);
        if (idle != null) {
            idle.resetReadTimeout(); // idle from the end of the answer, not from the request's last read
        }
        ctx.channel().config().setAutoRead(true);
        for (Object msg; !blocked() && (msg = waiting.poll()) != null; ) {
            handle(msg);
        }
        if (blocked()) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.flush();
    }

    /** The servlet port's side of the loopback connection: its answer, streamed back to the box. */
    private final class FromServlets extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext servlet, Object msg) {
            if (!exchange) {
                ReferenceCountUtil.release(msg); // nothing asked (the box went away, or a stray answer)
                return;
            }
            if (msg instanceof HttpResponse response) {
                answering = true;
                retryable = null;
                informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                HttpHeaders headers = response.headers();
                headers.remove(HttpHeaderNames.KEEP_ALIVE);
                if (keepAlive || informational) {
                    headers.remove(HttpHeaderNames.CONNECTION);
                } else {
                    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                }
            }
            if (msg instanceof LastHttpContent && !informational) {
                ChannelFuture written = ctx.writeAndFlush(msg);
                if (!keepAlive) {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
                exchangeDone();
                return;
            }
            if (msg instanceof LastHttpContent) {
                informational = false;
            }
            ctx.write(msg, ctx.voidPromise());
            if (!ctx.channel().isWritable()) {
                // The box reads slower than cms writes: stop reading cms's answer first, since the flush can drain
                // the buffer and fire channelWritabilityChanged (which resumes it) before it returns; resumed at
                // once if it did.
                servlet.channel().config().setAutoRead(false);
                ctx.flush();
                if (ctx.channel().isWritable()) {
                    servlet.channel().config().setAutoRead(true);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext servlet) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext servlet) {
            if (servlet.channel().isWritable() && forwardingRequest) {
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext servlet) {
            if (backend == servlet.channel()) {
                backend = null;
            }
            HttpRequest again = retryable;
            retryable = null;
            if (exchange && !answering && again != null && ctx.channel().isActive()) {
                toBackend.clear(); // nothing of a bodiless request is held
                toBackend.add(again);
                toBackend.add(LastHttpContent.EMPTY_LAST_CONTENT);
                if (!connecting) {
                    connect();
                }
                return;
            }
            failExchange();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext servlet, Object event) {
            if (event instanceof IdleStateEvent && !exchange) {
                servlet.close(); // before Tomcat closes it under a request (its keep-alive timeout is longer)
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext servlet, Throwable cause) {
            servlet.close();
        }
    }

    // ------------------------------------------------------------------ the box's side

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel channel = backend;
        if (ctx.channel().isWritable() && channel != null) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !exchange) {
            ctx.close(); // idle between requests; a poll held by the servlet port is not idle
            return;
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel channel = backend;
        backend = null;
        exchange = false;
        if (channel != null) {
            channel.close();
        }
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        toBackend.forEach(ReferenceCountUtil::release);
        toBackend.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by the box, or a bug: the box retries on a new connection
    }
}
