package dev.kubeaudit.agent.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Time limits of one connection, seen on its decrypted bytes. A request must arrive completely
 * within {@code requestTimeout} from its first byte (a new connection: from accept, covering the
 * TLS handshake), else the connection gets 408 (when nothing was answered yet) and is closed: this
 * defeats clients that trickle bytes (slowloris). Between an answer and the next request's first byte
 * the connection may stay silent for {@code idleTimeout}, then it is closed. While a received
 * request waits for the journal no timer runs. The webhook handler reports {@link #requestReceived()}
 * and {@link #answered()}. Not thread-safe: one instance per channel, used on its event loop only.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n\r\nrequest timeout\n")
            .getBytes(StandardCharsets.US_ASCII);

    private enum Phase { REQUEST, PROCESSING, IDLE }

    private final long requestNanos;
    private final long idleNanos;
    private final IngestListener listener;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.REQUEST;
    private boolean received;
    private boolean answered;
    private boolean bytesSeen;
    private long started;
    private ScheduledFuture<?> timer;

    RequestDeadline(IngestLimits limits, IngestListener listener) {
        this.requestNanos = limits.requestTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        started = System.nanoTime();
        schedule(requestNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            if (phase == Phase.IDLE) {
                phase = Phase.REQUEST;
                received = false;
                answered = false;
                started = System.nanoTime();
                schedule(requestNanos);
            }
            bytesSeen = true;
        }
        ctx.fireChannelRead(msg);
    }

    /** The whole request (head and body) has been read. */
    void requestReceived() {
        received = true;
        if (phase == Phase.REQUEST) {
            next();
        }
    }

    /** The answer to the request in progress has been written. */
    void answered() {
        answered = true;
        next();
    }

    private void next() {
        if (received && answered) {
            phase = Phase.IDLE;
            schedule(idleNanos);
        } else if (received) {
            phase = Phase.PROCESSING;
            cancel();
        }
    }

    private void schedule(long nanos) {
        cancel();
        timer = ctx.executor().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
    }

    private void expired() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (phase == Phase.IDLE) {
            listener.limitHit("idle_timeout");
            ctx.close();
        } else if (phase == Phase.REQUEST) {
            listener.limitHit("request_timeout");
            if (bytesSeen && !answered) {
                listener.request(408, System.nanoTime() - started);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }
}
