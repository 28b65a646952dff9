package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.ingest.AdmissionPolicy.Rejection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * The refusals the webhook handler answers beyond {@link AdmissionPolicy}'s, each reported to the
 * listener once, where it is decided: a head that does not decode or is over {@code maxHeaderBytes},
 * a client that may not post, a body over a limit (the only source of 413), a server that takes no
 * batch now. Thread-safe: holds only the webhook's shared parts.
 */
final class Refusals {
    private static final String REQUEST_BYTES = "request_bytes";
    private static final String HEADER_BYTES = "header_bytes";

    private final Webhook webhook;

    Refusals(Webhook webhook) {
        this.webhook = webhook;
    }

    /** 431 or 414 for a head over {@code maxHeaderBytes}, else 400. */
    Rejection malformed(Throwable cause) {
        if (!(cause instanceof TooLongHttpHeaderException || cause instanceof TooLongHttpLineException)) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        }
        webhook.listener().limitHit(HEADER_BYTES);
        boolean line = cause instanceof TooLongHttpLineException;
        String reason = (line ? "request line" : "header") + " over " + webhook.settings().limits().maxHeaderBytes() + " bytes";
        return line ? new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, reason)
                : new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, reason);
    }

    /** 401 or 403 when the request's credentials do not pass, else {@code null}. */
    Rejection access(ChannelHandlerContext ctx, HttpRequest request) {
        WebhookAccess.Decision decision = webhook.access().decide(WebhookCredentials.of(ctx, request));
        if (decision.allowed()) {
            return null;
        }
        webhook.listener().authFailed(decision.reason());
        return decision.outcome() == WebhookAccess.Decision.Outcome.FORBIDDEN
                ? new Rejection(HttpResponseStatus.FORBIDDEN, "forbidden: client name not allowed")
                : new Rejection(HttpResponseStatus.UNAUTHORIZED, "unauthorized", decision.challenge());
    }

    /** 413 for a body over {@code maxRequestBytes}, declared or arriving. */
    Rejection tooLarge() {
        return overLimit(REQUEST_BYTES, "body over " + webhook.settings().maxRequestBytes() + " bytes");
    }

    /** 413 for more events than {@code maxEventsPerBatch}, 400 for the other reasons a body is not taken. */
    Rejection badBody(BadEventListException e) {
        return e.limit() == null ? new Rejection(HttpResponseStatus.BAD_REQUEST, e.getMessage())
                : overLimit(e.limit(), e.getMessage());
    }

    private Rejection overLimit(String limit, String reason) {
        webhook.listener().limitHit(limit);
        boolean tooLarge = REQUEST_BYTES.equals(limit) || EventListParser.EVENTS_PER_BATCH.equals(limit);
        return new Rejection(tooLarge ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                reason);
    }

    /** 503 while stopping, 429 when the sink refuses batches, else {@code null}. */
    Rejection notTakingBatches() {
        if (webhook.stopping().getAsBoolean()) {
            webhook.listener().refused(IngestListener.STOPPING);
            return new Rejection(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping");
        }
        BatchSink.Refusal refusal = webhook.sink().refusal();
        return refusal == null ? null : refused(refusal);
    }

    /** 429 when the in-flight budget cannot take a body. */
    Rejection inFlight() {
        return refused(BatchSink.Refusal.IN_FLIGHT_BYTES);
    }

    private Rejection refused(BatchSink.Refusal refusal) {
        webhook.listener().refused(refusal.label());
        return new Rejection(HttpResponseStatus.TOO_MANY_REQUESTS, "refused: " + refusal.label());
    }

    /** 503 when the sink is unavailable: the client retries later. */
    Rejection unavailable() {
        webhook.listener().refused(IngestListener.UNAVAILABLE);
        return new Rejection(HttpResponseStatus.SERVICE_UNAVAILABLE, "journal unavailable: retry later");
    }
}
