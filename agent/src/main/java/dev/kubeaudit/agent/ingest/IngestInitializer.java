package dev.kubeaudit.agent.ingest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/**
 * Builds the pipeline of each accepted connection: TLS when configured, the HTTP/1.1 codec, then
 * the webhook handler. Thread-safe: shared by all connections, holds only immutable state.
 */
final class IngestInitializer extends ChannelInitializer<SocketChannel> {
    private final Webhook webhook;
    private final SslContext sslContext;

    /** {@code sslContext} may be null for plain HTTP. */
    IngestInitializer(Webhook webhook, SslContext sslContext) {
        this.webhook = webhook;
        this.sslContext = sslContext;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("webhook", new WebhookHandler(webhook));
    }
}
