package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.AdmissionPolicy.Rejection;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the webhook requests of one connection: checks the head, reads the body into memory
 * within the request and in-flight limits, parses it into a batch, hands it to the sink and answers
 * 200 only once the sink's future completes, from that future's callback on the event loop (the
 * event loop never waits for the journal). Requests are served one at a time per connection; reading
 * pauses while a batch waits for the journal. Not thread-safe: one instance per channel, used on
 * its event loop only (the sink callback hops back to it).
 */
final class WebhookHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final int INITIAL_CAPACITY = 8192;
    private static final String RETRY_AFTER_REFUSED = "1";
    private static final String RETRY_AFTER_STOPPING = "5";

    private enum State { IDLE, RECEIVING, DISCARDING, AWAITING_SINK, CLOSING }

    private final Webhook webhook;

    private State state = State.IDLE;
    private long started;
    private boolean keepAlive;
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private byte[] body;
    private int size;
    private boolean declaredLength;
    private long reserved;
    private long discardAllowance;
    private boolean closing;
    private boolean pipelined;
    private ChannelFuture lastWrite;
    private RequestDeadline deadline;

    WebhookHandler(Webhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = (RequestDeadline) ctx.pipeline().get(IngestInitializer.DEADLINE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onHead(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (msg instanceof LastHttpContent && deadline != null) {
            deadline.requestReceived();
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        if (state != State.IDLE) {
            pipelined = state == State.AWAITING_SINK; // not supported: close after the pending answer
            return;
        }
        started = System.nanoTime();
        version = request.protocolVersion();
        keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            refuseMalformed(ctx, request.decoderResult().cause());
            return;
        }
        Rejection rejection = accessRefusal(ctx, request);
        if (rejection == null) {
            rejection = webhook.admission().check(request);
        }
        if (rejection == null) {
            rejection = reserveOrRefuse(request);
        }
        if (rejection != null) {
            rejectHead(ctx, request, rejection);
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        declaredLength = declared >= 0;
        body = new byte[declaredLength ? (int) declared : (int) Math.min(INITIAL_CAPACITY, maxRequestBytes())];
        size = 0;
        state = State.RECEIVING;
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(version, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    /** 431 or 414 for a head over {@code maxHeaderBytes}, else 400; the connection closes. */
    private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
        String reason = "malformed HTTP request";
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongHttpLineException) {
            webhook.listener().limitHit("header_bytes");
            boolean line = cause instanceof TooLongHttpLineException;
            status = line ? HttpResponseStatus.REQUEST_URI_TOO_LONG : HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            reason = (line ? "request line" : "header") + " over " + webhook.settings().limits().maxHeaderBytes() + " bytes";
        }
        closeAfter(respond(ctx, status, reason, true));
    }

    /** 401 or 403 when the request's credentials do not pass, before anything else is looked at. */
    private Rejection accessRefusal(ChannelHandlerContext ctx, HttpRequest request) {
        WebhookAccess.Decision decision = webhook.access().decide(WebhookCredentials.of(ctx, request));
        if (decision.allowed()) {
            return null;
        }
        webhook.listener().authFailed(decision.reason());
        return decision.outcome() == WebhookAccess.Decision.Outcome.FORBIDDEN
                ? new Rejection(HttpResponseStatus.FORBIDDEN, "forbidden: client name not allowed")
                : new Rejection(HttpResponseStatus.UNAUTHORIZED, "unauthorized", decision.challenge());
    }

    /** Refuses while stopping or when the sink or the in-flight budget says so; else reserves the declared length. */
    private Rejection reserveOrRefuse(HttpRequest request) {
        if (webhook.stopping().getAsBoolean()) {
            webhook.listener().refused("stopping");
            return new Rejection(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping");
        }
        BatchSink.Refusal refusal = webhook.sink().refusal();
        if (refusal != null) {
            webhook.listener().refused(refusal.label());
            return new Rejection(HttpResponseStatus.TOO_MANY_REQUESTS, "refused: " + refusal.label());
        }
        long declared = Math.max(0, HttpUtil.getContentLength(request, 0L));
        if (!webhook.budget().tryReserve(declared)) {
            return inFlightRefusal();
        }
        reserved = declared;
        return null;
    }

    private Rejection inFlightRefusal() {
        String label = BatchSink.Refusal.IN_FLIGHT_BYTES.label();
        webhook.listener().refused(label);
        return new Rejection(HttpResponseStatus.TOO_MANY_REQUESTS, "refused: " + label);
    }

    /**
     * Answers at once. A body the client may hold back (Expect: 100-continue) cannot be skipped
     * reliably, so that connection closes; otherwise the body is read and dropped, and after a 413
     * the connection closes once it is read.
     */
    private void rejectHead(ChannelHandlerContext ctx, HttpRequest request, Rejection rejection) {
        boolean bodyFollows = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
        boolean closeNow = rejection.status().equals(HttpResponseStatus.EXPECTATION_FAILED)
                || bodyFollows && HttpUtil.is100ContinueExpected(request);
        int code = rejection.status().code();
        if (code == 413) {
            webhook.listener().limitHit("request_bytes");
        }
        boolean close = closeNow || code == 413 || code == 401 || code == 403;
        ChannelFuture written = respond(ctx, rejection.status(), rejection.reason(), close, rejection.challenge());
        if (closeNow) {
            closeAfter(written);
        } else {
            discard(written);
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        switch (state) {
            case RECEIVING -> receive(ctx, content);
            case DISCARDING -> skip(content);
            default -> { } // the rest of a request already answered, or of an unsupported pipelined one
        }
    }

    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            abandon();
            closeAfter(respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request body", true));
            return;
        }
        ByteBuf buf = content.content();
        int n = buf.readableBytes();
        Rejection rejection = null;
        if ((long) size + n > maxRequestBytes()) {
            webhook.listener().limitHit("request_bytes");
            rejection = new Rejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, AdmissionPolicy.tooLarge(maxRequestBytes()));
        } else if (!declaredLength && !webhook.budget().tryReserve(n)) {
            rejection = inFlightRefusal();
        }
        if (rejection != null) {
            abandon();
            ChannelFuture written = respond(ctx, rejection.status(), rejection.reason(), true);
            if (content instanceof LastHttpContent) {
                closeAfter(written);
            } else {
                discard(written);
            }
            return;
        }
        reserved += declaredLength ? 0 : n;
        if (size + n > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(maxRequestBytes(), Math.max(size + n, 2L * body.length)));
        }
        buf.getBytes(buf.readerIndex(), body, size, n);
        size += n;
        if (content instanceof LastHttpContent) {
            complete(ctx);
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        Batch batch;
        try {
            batch = webhook.parser().parse(body, 0, size);
        } catch (BadEventListException e) {
            abandon();
            state = State.IDLE;
            if (e.limit() != null) {
                webhook.listener().limitHit(e.limit());
            }
            HttpResponseStatus status = EventListParser.EVENTS_PER_BATCH.equals(e.limit())
                    ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
            closeIfClosing(respond(ctx, status, e.getMessage(), false));
            return;
        }
        body = null;
        size = 0;
        state = State.AWAITING_SINK;
        ctx.channel().config().setAutoRead(false);
        long held = reserved;
        reserved = 0;
        int events = batch.size();
        CompletableFuture<Appended> appended;
        try {
            appended = Objects.requireNonNull(webhook.sink().append(batch), "BatchSink.append returned null");
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((result, failure) -> {
            webhook.budget().release(held);
            try {
                ctx.executor().execute(() -> answerAppend(ctx, events, result, failure));
            } catch (RejectedExecutionException e) {
                LOG.warn("Answer to a webhook request of {} events dropped: the event loop has stopped", events);
            }
        });
    }

    private void answerAppend(ChannelHandlerContext ctx, int events, Appended result, Throwable failure) {
        ctx.channel().config().setAutoRead(true);
        state = State.IDLE;
        ChannelFuture written;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof SinkUnavailableException) {
                LOG.warn("Batch of {} events refused: {}", events, cause.getMessage());
                webhook.listener().refused("unavailable");
                written = respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "journal unavailable: retry later",
                        pipelined);
            } else {
                LOG.warn("Journal append of a batch of {} events failed: {}", events, cause.toString(), cause);
                written = respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "journal append failed", pipelined);
            }
        } else if (result == Appended.DUPLICATE) {
            webhook.listener().duplicateBatch();
            written = respond(ctx, HttpResponseStatus.OK, "duplicate batch: already stored", pipelined);
        } else {
            webhook.listener().eventsReceived(events);
            written = respond(ctx, HttpResponseStatus.OK, "stored " + events + " events", pipelined);
        }
        closeIfClosing(written);
    }

    /** Writes a short text answer; the connection is to close after it when {@code close}, when the client asked, or while stopping. */
    private ChannelFuture respond(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, boolean close) {
        return respond(ctx, status, reason, close, null);
    }

    /** As above, with a {@code WWW-Authenticate} challenge for a 401 when not null. */
    private ChannelFuture respond(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, boolean close,
                                  String challenge) {
        ByteBuf text = ByteBufUtil.writeUtf8(ctx.alloc(), reason + "\n");
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, text);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, text.readableBytes());
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            headers.set(HttpHeaderNames.ALLOW, "POST");
        } else if (status.equals(HttpResponseStatus.TOO_MANY_REQUESTS)) {
            headers.set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_REFUSED);
        } else if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            headers.set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_STOPPING);
        } else if (challenge != null) {
            headers.set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        closing = close || !keepAlive || webhook.stopping().getAsBoolean();
        HttpUtil.setKeepAlive(response, !closing);
        webhook.listener().request(status.code(), System.nanoTime() - started);
        lastWrite = ctx.writeAndFlush(response);
        if (deadline != null) {
            deadline.answered();
        }
        return lastWrite;
    }

    /** Drops the rest of an answered request's body, at most {@code maxRequestBytes} of it. */
    private void discard(ChannelFuture written) {
        state = State.DISCARDING;
        discardAllowance = maxRequestBytes();
        lastWrite = written;
    }

    private void skip(HttpContent content) {
        discardAllowance -= content.content().readableBytes();
        if (content instanceof LastHttpContent && !content.decoderResult().isFailure()) {
            state = State.IDLE;
            closeIfClosing(lastWrite);
        } else if (discardAllowance < 0 || content.decoderResult().isFailure()) {
            closeAfter(lastWrite);
        }
    }

    private void closeIfClosing(ChannelFuture written) {
        if (closing) {
            closeAfter(written);
        }
    }

    private void closeAfter(ChannelFuture written) {
        state = State.CLOSING;
        written.addListener(ChannelFutureListener.CLOSE);
    }

    /** Forgets the body being received and gives its bytes back to the budget. */
    private void abandon() {
        webhook.budget().release(reserved);
        reserved = 0;
        body = null;
        size = 0;
    }

    private long maxRequestBytes() {
        return webhook.settings().maxRequestBytes();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        abandon();
        state = State.CLOSING;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            webhook.listener().authFailed("tls");
            LOG.debug("TLS with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof IOException) {
            LOG.debug("Webhook connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Webhook connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
