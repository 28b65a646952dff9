package dev.kubeaudit.agent.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTP/1.1 server (HTTPS when its {@link WebhookAccess} gives an {@link SslContext}): accepts kube-apiserver's
 * audit EventList POSTs on {@code settings.path} and answers each once the sink has journaled its
 * batch. Uses epoll where available, else NIO. {@link #beginShutdown()} makes new requests get 503
 * while requests already accepted complete; {@link #close()} then closes every connection and stops
 * every thread the server started. Thread-safe.
 */
public final class IngestServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final IngestSettings settings;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Webhook webhook;
    private IngestInitializer initializer;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private boolean closed;

    /** {@code sslContext} may be null for plain HTTP; no client authentication. Nothing is bound before {@link #start()}. */
    public IngestServer(IngestSettings settings, BatchSink sink, IngestListener listener, SslContext sslContext) {
        this(settings, sink, listener, WebhookAccess.tlsOnly(sslContext));
    }

    /** {@code access} gives each new connection its TLS context and decides who may post. Nothing is bound before {@link #start()}. */
    public IngestServer(IngestSettings settings, BatchSink sink, IngestListener listener, WebhookAccess access) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.webhook = Webhook.of(settings, Objects.requireNonNull(sink, "sink"),
                Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(access, "access"), stopping::get);
    }

    /** Binds {@code settings.address:port} and starts serving; returns this. */
    public synchronized IngestServer start() throws IOException {
        if (closed || serverChannel != null) {
            throw new IllegalStateException("ingest server: " + (closed ? "closed" : "already started"));
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ingest-accept"), io);
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("ingest-io"), io);
        initializer = new IngestInitializer(webhook);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        String where = settings.address() + ":" + settings.port();
        try {
            serverChannel = bootstrap.bind(settings.address(), settings.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            closeGroups();
            throw new IOException("Bind of the webhook listener to " + where + " failed", e);
        }
        LOG.info("Webhook listening on '{}' path '{}' ({})", serverChannel.localAddress(), settings.normalizedPath(),
                epoll ? "epoll" : "nio");
        return this;
    }

    /** The bound port (useful when settings.port is 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("ingest server: not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** From now on new requests get 503 with Retry-After; accepted ones still get their answer. */
    public void beginShutdown() {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("Webhook stopping: new requests get 503");
        }
    }

    /** Bytes of request bodies being received or waiting for the journal; 0 once all are answered. */
    public long inFlightBytes() {
        return webhook.budget().bytes();
    }

    /** The event loops serving the webhook (acceptor first), for liveness probes. */
    public synchronized List<EventExecutor> eventLoops() {
        if (acceptors == null) {
            throw new IllegalStateException("ingest server: not started");
        }
        List<EventExecutor> loops = new ArrayList<>();
        acceptors.forEach(loops::add);
        workers.forEach(loops::add);
        return loops;
    }

    /** Webhook connections open now. */
    public synchronized int connections() {
        return initializer == null ? 0 : initializer.connections();
    }

    /** Closes the listener and every connection and stops the event loop threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping.set(true);
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        closeGroups();
    }

    private void closeGroups() {
        Future<?> w = workers == null ? null : workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Future<?> a = acceptors == null ? null : acceptors.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (Future<?> f : new Future<?>[] {w, a}) {
            if (f != null && !f.awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS)) {
                LOG.warn("Webhook event loop threads still running {} s after shutdown", SHUTDOWN_TIMEOUT_SECONDS + 5);
            }
        }
    }
}
