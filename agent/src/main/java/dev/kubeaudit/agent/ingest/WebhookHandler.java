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
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
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
 * pauses while a batch waits for the journal, and a request pipelined behind it is not served: the
 * connection closes after the pending answer. Not thread-safe: one instance per channel, used on its
 * event loop only (the sink callback hops back to it).
 */
final class WebhookHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final String RETRY_AFTER_REFUSED = "1";
    private static final String RETRY_AFTER_STOPPING = "5";

    /** The request in progress: none, its body kept, its body dropped after an early answer, its batch at the sink. */
    private enum State { IDLE, RECEIVING, DISCARDING, AWAITING_SINK }

    /** What an answer needs from its request's head. */
    private record Head(HttpVersion version, boolean keepAlive, long startNanos) { }

    private final Webhook webhook;
    private final Refusals refusals;
    private final RequestBody body;
    private RequestDeadline deadline;
    private State state = State.IDLE;
    private Head head;
    /** Close once the request in progress is answered and its body read; serve none after it (IDLE: closing). */
    private boolean closeAfterAnswer;
    /** The last answer written, to close after. */
    private ChannelFuture answer;

    WebhookHandler(Webhook webhook) {
        this.webhook = webhook;
        this.refusals = new Refusals(webhook);
        this.body = new RequestBody(webhook.settings().maxRequestBytes(), webhook.budget());
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
        if (state != State.IDLE || closeAfterAnswer) {
            closeAfterAnswer |= state == State.AWAITING_SINK; // pipelined: not served
            return;
        }
        head = new Head(request.protocolVersion(), HttpUtil.isKeepAlive(request), System.nanoTime());
        if (request.decoderResult().isFailure()) { // the connection closes
            closeAfter(respond(ctx, refusals.malformed(request.decoderResult().cause()), true));
            return;
        }
        Rejection rejection = admit(ctx, request);
        if (rejection != null) {
            rejectHead(ctx, request, rejection);
            return;
        }
        state = State.RECEIVING;
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(head.version(), HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    /**
     * Why the request is refused before its body, checked in this order: access, admission, declared
     * length, stopping, sink, in-flight budget; {@code null} once the declared length is reserved.
     */
    private Rejection admit(ChannelHandlerContext ctx, HttpRequest request) {
        Rejection rejection = refusals.access(ctx, request);
        if (rejection == null) {
            rejection = webhook.admission().check(request);
        }
        if (rejection == null && HttpUtil.getContentLength(request, -1L) > webhook.settings().maxRequestBytes()) {
            rejection = refusals.tooLarge();
        }
        if (rejection == null) {
            rejection = refusals.notTakingBatches();
        }
        if (rejection == null && !body.begin(HttpUtil.getContentLength(request, -1L))) {
            rejection = refusals.inFlight();
        }
        return rejection;
    }

    /**
     * Answers at once. A body the client may hold back (Expect: 100-continue) cannot be skipped
     * reliably, so that connection closes; otherwise the body is read and dropped, and after a 413,
     * 401 or 403 the connection closes once it is read.
     */
    private void rejectHead(ChannelHandlerContext ctx, HttpRequest request, Rejection rejection) {
        boolean bodyFollows = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
        boolean closeNow = rejection.status().equals(HttpResponseStatus.EXPECTATION_FAILED)
                || bodyFollows && HttpUtil.is100ContinueExpected(request);
        int code = rejection.status().code();
        boolean close = closeNow || code == 413 || code == 401 || code == 403;
        ChannelFuture written = respond(ctx, rejection, close);
        if (closeNow) {
            closeAfter(written);
        } else {
            dropBody();
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        switch (state) {
            case RECEIVING -> receive(ctx, content);
            case DISCARDING -> drop(content);
            default -> { } // the rest of a request already answered, or of one not served
        }
    }

    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            body.abandon();
            closeAfter(respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request body", null, true));
            return;
        }
        Rejection rejection = switch (body.keep(content.content())) {
            case YES -> null;
            case TOO_LARGE -> refusals.tooLarge();
            case OVER_BUDGET -> refusals.inFlight();
        };
        boolean last = content instanceof LastHttpContent;
        if (rejection != null) {
            body.abandon();
            ChannelFuture written = respond(ctx, rejection, true);
            if (last) {
                closeAfter(written);
            } else {
                dropBody();
            }
        } else if (last) {
            complete(ctx);
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        Batch batch;
        try {
            batch = body.parse(webhook.parser());
        } catch (BadEventListException e) {
            body.abandon();
            endRequest(respond(ctx, refusals.badBody(e), false));
            return;
        }
        long held = body.handOver();
        state = State.AWAITING_SINK;
        ctx.channel().config().setAutoRead(false);
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
        ChannelFuture written;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof SinkUnavailableException) {
                LOG.warn("Batch of {} events refused: {}", events, cause.getMessage());
                written = respond(ctx, refusals.unavailable(), false);
            } else {
                LOG.warn("Journal append of a batch of {} events failed: {}", events, cause.toString(), cause);
                written = respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "journal append failed", null, false);
            }
        } else if (result == Appended.DUPLICATE) {
            webhook.listener().duplicateBatch();
            written = respond(ctx, HttpResponseStatus.OK, "duplicate batch: already stored", null, false);
        } else {
            webhook.listener().eventsReceived(events);
            written = respond(ctx, HttpResponseStatus.OK, "stored " + events + " events", null, false);
        }
        endRequest(written);
    }

    private ChannelFuture respond(ChannelHandlerContext ctx, Rejection rejection, boolean close) {
        return respond(ctx, rejection.status(), rejection.reason(), rejection.challenge(), close);
    }

    /**
     * Writes a short text answer, with a {@code WWW-Authenticate} challenge when not null. The
     * connection is to close after it when {@code close}, when the client asked, while stopping, or
     * when that was decided before.
     */
    private ChannelFuture respond(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, String challenge,
                                  boolean close) {
        ByteBuf text = ByteBufUtil.writeUtf8(ctx.alloc(), reason + "\n");
        FullHttpResponse response = new DefaultFullHttpResponse(head.version(), status, text);
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
        closeAfterAnswer |= close || !head.keepAlive() || webhook.stopping().getAsBoolean();
        HttpUtil.setKeepAlive(response, !closeAfterAnswer);
        webhook.listener().request(status.code(), System.nanoTime() - head.startNanos());
        answer = ctx.writeAndFlush(response);
        if (deadline != null) {
            deadline.answered();
        }
        return answer;
    }

    /** The request was answered before its body ended: the rest of the body is read and dropped. */
    private void dropBody() {
        state = State.DISCARDING;
        body.dropRest();
    }

    private void drop(HttpContent content) {
        boolean within = body.drop(content.content().readableBytes());
        boolean failed = content.decoderResult().isFailure();
        if (content instanceof LastHttpContent && !failed) {
            endRequest(answer);
        } else if (!within || failed) {
            closeAfter(answer);
        }
    }

    private void closeAfter(ChannelFuture written) {
        closeAfterAnswer = true;
        endRequest(written);
    }

    /** The request is answered and its body read: the connection serves the next one or closes. */
    private void endRequest(ChannelFuture written) {
        state = State.IDLE;
        if (closeAfterAnswer) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        body.abandon();
        state = State.IDLE;
        closeAfterAnswer = true;
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
