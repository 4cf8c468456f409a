package org.openloa.cms.edge.fast;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openloa.cms.edge.ManifestHotPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The fast listener's server: HTTP/1.1 with keep-alive on Netty (io_uring where the kernel allows it, else epoll
 * where the native transport loads, else NIO: {@link Transport}), one event loop per core. Each connection gets
 * {@link ManifestPolls} (polls from memory, ahead of the HTTP codec) and an {@link EdgeConnection} (the rest, after
 * it).
 */
public final class FastListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FastListener.class);
    /** A connection idle this long between requests is closed (a held long poll is not idle: it is forwarded). */
    static final int IDLE_SECONDS = 75;
    /** Netty's own property for its buffer leak detection. */
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    /** The buffer ring's group on each event loop's ring (any id: the listener's rings are its own). */
    private static final short BUFFER_GROUP = 1;
    /**
     * A buffer of the ring holds one read: a poll's head (200–500 bytes) with room to spare; a larger read (pipelined
     * polls, a forwarded body) takes several, in order.
     */
    private static final int RING_BUFFER_BYTES = 1024;
    /**
     * The most buffers a ring holds. It starts with {@link #RING_BATCH} and grows by as many when the kernel finds it
     * empty, so memory follows the reads in flight (a buffer used is replaced at once), never this ceiling's 16 MiB.
     */
    private static final short RING_SIZE = 16384;

    private static final int RING_BATCH = 64;

    private final ManifestHotPath hotPath;
    private final ServletPort servlets;
    private final String address;
    private final int port;
    private final int threads;
    private final Transport transport;
    private final boolean bufferRing;
    private volatile EventLoopGroup group;
    private volatile ExecutorService revalidations;
    private volatile Channel server;
    /** The transport in use, once started. */
    private volatile Transport used;
    /** Whether reads go through io_uring's buffer ring, once started. */
    private volatile boolean ringInUse;

    FastListener(
            ManifestHotPath hotPath,
            ServletPort servlets,
            String address,
            int port,
            int threads,
            Transport transport,
            boolean bufferRing) {
        this.hotPath = hotPath;
        this.servlets = servlets;
        this.address = address;
        this.port = port;
        this.threads = threads;
        this.transport = transport;
        this.bufferRing = bufferRing;
    }

    /** How the event loops wait for the sockets ({@code openloa.edge.fast-transport}). */
    public enum Transport {
        /**
         * io_uring where the kernel allows it (a 304 took about a tenth less CPU than on epoll: docs/benchmarks.md),
         * else epoll where its native library loads, else NIO.
         */
        AUTO,
        IO_URING,
        EPOLL,
        NIO;

        /** The transport a setting names ({@code io_uring}, {@code io-uring}, {@code EPOLL}…). */
        static Transport named(String setting) {
            try {
                return valueOf(setting.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "openloa.edge.fast-transport must be auto, io_uring, epoll or nio, was " + setting, e);
            }
        }

        /** What this one is on this machine: AUTO resolved, and a transport that cannot load is an error. */
        Transport resolved() {
            return switch (this) {
                case AUTO -> IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
                case IO_URING -> insisted(IoUring.isAvailable(), IoUring.unavailabilityCause());
                case EPOLL -> insisted(Epoll.isAvailable(), Epoll.unavailabilityCause());
                case NIO -> NIO;
            };
        }

        /** This transport, named in the settings: a node that cannot have it does not start. */
        private Transport insisted(boolean available, Throwable cause) {
            if (!available) {
                throw new IllegalStateException(
                        "openloa.edge.fast-transport=" + name().toLowerCase(Locale.ROOT)
                                + ", but it is not available here",
                        cause);
            }
            return this;
        }
    }

    /** A transport's event loops, its server channel, and its client channel (to the servlet port). */
    private record Sockets(
            IoHandlerFactory io, Class<? extends ServerChannel> server, Class<? extends Channel> client) {}

    /** The port bound (useful when configured as 0), or -1 before start. */
    public int port() {
        Channel channel = server;
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The transport the listener runs on (AUTO resolved), or null before start. */
    public Transport transport() {
        return used;
    }

    /** Whether the listener reads through io_uring's buffer ring ({@code openloa.edge.fast-buffer-ring}). */
    public boolean readsThroughBufferRing() {
        return ringInUse;
    }

    @Override
    public void start() {
        if (System.getProperty(LEAK_DETECTION) == null) {
            // Netty tracks one buffer in 128 for leaks by default, each with a stack trace taken on the event loop:
            // 0.6 % of a 304's CPU in a profile (docs/benchmarks.md). The tests track them (pom.xml sets the level),
            // and an operator who suspects a leak sets -Dio.netty.leakDetection.level=advanced.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        Transport used = transport.resolved();
        boolean ring = bufferRing && used == Transport.IO_URING && IoUring.isRegisterBufferRingSupported();
        Sockets sockets = switch (used) {
            case IO_URING ->
                new Sockets(
                        ring ? IoUringIoHandler.newFactory(withBufferRing()) : IoUringIoHandler.newFactory(),
                        IoUringServerSocketChannel.class,
                        IoUringSocketChannel.class);
            case EPOLL ->
                new Sockets(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
            default -> new Sockets(NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
        };
        // On io_uring an answer goes Netty's way, out with the loop's next submission: written straight to the socket
        // it was a system call of its own, and a 304 took a tenth more CPU (docs/benchmarks.md).
        boolean writeToSocket = used != Transport.IO_URING;
        AtomicInteger revalidators = new AtomicInteger();
        // Few threads do: the polls of one wave share one look at device_plan (ManifestIndex.lookedAfter).
        ExecutorService revalidating = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "edge-revalidate-" + revalidators.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), sockets.io());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(sockets.server())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        EdgeConnection connection =
                                new EdgeConnection(hotPath, servlets, sockets.client(), revalidating);
                        channel.pipeline()
                                // Reader-idle only: an all-idle (or writer-idle) handler wraps every write in a
                                // promise with a listener, for every poll. Reads mark activity; an answer from the
                                // servlet port, written without reads, restarts the count when it ends
                                // (EdgeConnection.exchangeDone).
                                .addLast(new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS))
                                .addLast(new ManifestPolls(hotPath, connection, writeToSocket))
                                .addLast(new HttpServerCodec())
                                .addLast(connection);
                    }
                });
        if (ring) {
            bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
        }
        InetSocketAddress bind = address == null || address.isBlank()
                ? new InetSocketAddress(port)
                : new InetSocketAddress(address, port);
        try {
            server = bootstrap.bind(bind).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            revalidating.shutdownNow();
            throw new IllegalStateException("interrupted while binding the edge fast listener", e);
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            revalidating.shutdownNow();
            throw new IllegalStateException("could not bind the edge fast listener to " + bind, e);
        }
        group = loops;
        revalidations = revalidating;
        this.used = used;
        this.ringInUse = ring;
        log.info(
                "Edge fast listener on {} ({}{}): GET {} from memory, the rest of /edge/v1 through cms's HTTP port",
                server.localAddress(),
                used.name().toLowerCase(Locale.ROOT),
                ring ? ", buffer ring" : "",
                ManifestHotPath.PATH);
    }

    /**
     * io_uring with a ring of buffers the kernel picks from as data arrives (a multishot receive): a connection's
     * read stays armed across polls instead of being submitted again, with a buffer of its own, after each one. A
     * 304 took less CPU with it in 18 of 21 rounds, in either JVM (docs/benchmarks.md, "Edge manifest requests per
     * second").
     */
    private static IoUringIoHandlerConfig withBufferRing() {
        return new IoUringIoHandlerConfig()
                .setBufferRingConfig(IoUringBufferRingConfig.builder()
                        .bufferGroupId(BUFFER_GROUP)
                        .bufferRingSize(RING_SIZE)
                        .batchSize(RING_BATCH)
                        .allocator(new IoUringFixedBufferRingAllocator(RING_BUFFER_BYTES))
                        .build());
    }

    @Override
    public void stop() {
        Channel channel = server;
        EventLoopGroup loops = group;
        ExecutorService revalidating = revalidations;
        server = null;
        group = null;
        revalidations = null;
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (revalidating != null) {
            revalidating.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** After the web server (so the first miss finds Tomcat's port) and stopped before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
