package dev.kubeaudit.agent.ingest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the pipeline of each accepted connection: TLS when the access rules give a context (the
 * current one, so renewed certificates reach new connections), the request deadline, the HTTP/1.1
 * codec within the header limit, then the webhook handler. A connection beyond
 * {@code maxConnections} is closed at once. Thread-safe: shared by all connections; the connection
 * count is atomic.
 */
final class IngestInitializer extends ChannelInitializer<SocketChannel> {
    static final String DEADLINE = "deadline";

    private final Webhook webhook;
    private final AtomicInteger connections = new AtomicInteger();

    IngestInitializer(Webhook webhook) {
        this.webhook = webhook;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        IngestLimits limits = webhook.settings().limits();
        if (connections.incrementAndGet() > limits.maxConnections()) {
            connections.decrementAndGet();
            webhook.listener().limitHit("connections");
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        ChannelPipeline pipeline = ch.pipeline();
        SslContext sslContext = webhook.access().sslContext();
        if (sslContext != null) {
            SslHandler tls = sslContext.newHandler(ch.alloc());
            tls.setHandshakeTimeout(0, TimeUnit.MILLISECONDS); // the request deadline covers the handshake
            pipeline.addLast("tls", tls);
        }
        pipeline.addLast(DEADLINE, new RequestDeadline(limits, webhook.listener()));
        pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxHeaderBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())));
        pipeline.addLast("webhook", new WebhookHandler(webhook));
    }

    /** Connections open now. */
    int connections() {
        return connections.get();
    }
}
