package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.ingest.BatchSink.Refusal;
import dev.kubeaudit.agent.ingest.RecordingSink.Mode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler alone, in memory: edge cases of the HTTP exchange. */
class WebhookHandlerTest {
    static final String BODY = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
            + EventListParserTest.ITEM + "]}\n";

    final RecordingSink sink = new RecordingSink();
    final RecordingListener listener = new RecordingListener();
    final AtomicBoolean stopping = new AtomicBoolean();
    final List<EmbeddedChannel> channels = new ArrayList<>();
    Webhook webhook = webhook("/", 4096, 8192);

    Webhook webhook(String path, long maxRequest, long maxInFlight) {
        return Webhook.of(new IngestSettings("127.0.0.1", 0, path, maxRequest, maxInFlight), sink, listener, stopping::get);
    }

    EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebhookHandler(webhook));
        channels.add(ch);
        return ch;
    }

    @AfterEach
    void releaseEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        assertThat(webhook.budget().bytes()).as("in-flight bytes after all connections closed").isZero();
    }

    static FullHttpRequest post(String uri, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(r, r.content().readableBytes());
        return r;
    }

    static HttpRequest chunkedHead() {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setTransferEncodingChunked(r, true);
        return r;
    }

    static DefaultHttpContent chunk(String s) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    /** Runs pending tasks and takes the one response written, as status + headers + body text. */
    static Answer answer(EmbeddedChannel ch) {
        ch.runPendingTasks();
        FullHttpResponse r = ch.readOutbound();
        assertThat(r).as("a response").isNotNull();
        try {
            assertThat(r.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(r.content().readableBytes());
            return new Answer(r.status().code(), r.headers().get(HttpHeaderNames.CONNECTION),
                    r.headers().get(HttpHeaderNames.RETRY_AFTER), r.headers().get(HttpHeaderNames.ALLOW),
                    r.content().toString(StandardCharsets.UTF_8));
        } finally {
            r.release();
        }
    }

    record Answer(int status, String connection, String retryAfter, String allow, String text) {
    }

    @Test
    void storesTheBatchAndAnswers200KeepingTheConnection() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/", BODY));
        Answer a = answer(ch);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.text()).isEqualTo("stored 1 events\n");
        assertThat(a.connection()).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(sink.events()).isEqualTo(1);
        assertThat(listener.events.get()).isEqualTo(1);
        assertThat(listener.statuses()).containsExactly(200);
    }

    @Test
    void answersOnlyOnceTheJournalHasTheBatchAndPausesReadingMeanwhile() {
        sink.mode(Mode.HOLD);
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/", BODY));
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(webhook.budget().bytes()).isEqualTo(BODY.length());
        sink.releaseHeld();
        assertThat(answer(ch).status()).isEqualTo(200);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(webhook.budget().bytes()).isZero();
    }

    @Test
    void duplicateBatchIsAnsweredWith200AndCounted() {
        sink.mode(Mode.DUPLICATE);
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/", BODY));
        assertThat(answer(ch).status()).isEqualTo(200);
        assertThat(listener.duplicates.get()).isEqualTo(1);
        assertThat(listener.events.get()).isZero();
    }

    @Test
    void failedOrThrowingAppendIsAnswered500() {
        sink.mode(Mode.FAIL);
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/", BODY));
        assertThat(answer(ch)).extracting(Answer::status, Answer::text).containsExactly(500, "journal append failed\n");
        sink.mode(Mode.THROW);
        ch.writeInbound(post("/", BODY));
        assertThat(answer(ch).status()).isEqualTo(500);
        assertThat(ch.isOpen()).isTrue();
        assertThat(listener.statuses()).containsExactly(500, 500);
    }

    @Test
    void badBodyIsAnswered400WithTheReasonAndTheConnectionStays() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/", "{\"items\":[{}]}"));
        Answer a = answer(ch);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).isEqualTo("items[0]: auditID missing or not a string\n");
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(post("/", BODY));
        assertThat(answer(ch).status()).isEqualTo(200);
        assertThat(sink.batches()).hasSize(1);
    }

    @Test
    void pathIsComparedWithoutQueryAndEmptyPathMeansSlash() {
        webhook = webhook("", 4096, 8192);
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/?timeout=30s", BODY));
        assertThat(answer(ch).status()).isEqualTo(200);
        ch.writeInbound(post("/audit?timeout=30s", BODY));
        assertThat(answer(ch).status()).isEqualTo(404);
        assertThat(ch.isOpen()).isTrue();
        assertThat(sink.batches()).hasSize(1);
    }

    @Test
    void configuredPathIsServedWithQueryString() {
        webhook = webhook("/audit", 4096, 8192);
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/audit?timeout=30s", BODY));
        assertThat(answer(ch).status()).isEqualTo(200);
        ch.writeInbound(post("/", BODY));
        assertThat(answer(ch).status()).isEqualTo(404);
    }

    @Test
    void otherMethodsGet405WithAllow() {
        EmbeddedChannel ch = channel();
        FullHttpRequest get = post("/", BODY);
        get.setMethod(HttpMethod.PUT);
        ch.writeInbound(get);
        Answer a = answer(ch);
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.allow()).isEqualTo("POST");
        assertThat(ch.isOpen()).isTrue();
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void contentTypeMustBeJsonParametersAllowed() {
        EmbeddedChannel ch = channel();
        FullHttpRequest missing = post("/", BODY);
        missing.headers().remove(HttpHeaderNames.CONTENT_TYPE);
        ch.writeInbound(missing);
        assertThat(answer(ch).status()).isEqualTo(415);
        FullHttpRequest text = post("/", BODY);
        text.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        ch.writeInbound(text);
        assertThat(answer(ch).status()).isEqualTo(415);
        FullHttpRequest gzip = post("/", BODY);
        gzip.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        ch.writeInbound(gzip);
        assertThat(answer(ch).status()).isEqualTo(415);
        assertThat(sink.batches()).isEmpty();
        FullHttpRequest charset = post("/", BODY);
        charset.headers().set(HttpHeaderNames.CONTENT_TYPE, "Application/JSON; charset=utf-8");
        ch.writeInbound(charset);
        assertThat(answer(ch).status()).isEqualTo(200);
    }

    @Test
    void declaredLengthOverTheLimitGets413AndTheConnectionClosesAfterTheBody() {
        webhook = webhook("/", 100, 100);
        EmbeddedChannel ch = channel();
        ch.writeInbound(declaredHead(150));
        Answer a = answer(ch);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.connection()).isEqualTo("close");
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(chunk("x".repeat(100)));
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("y".repeat(50), StandardCharsets.UTF_8)));
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimitGets413WhileArriving() {
        webhook = webhook("/", 100, 100);
        EmbeddedChannel ch = channel();
        ch.writeInbound(chunkedHead(), chunk("{\"items\":[" + " ".repeat(60)));
        assertThat(webhook.budget().bytes()).isEqualTo(70);
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.writeInbound(chunk(" ".repeat(40)));
        assertThat(answer(ch).status()).isEqualTo(413);
        assertThat(webhook.budget().bytes()).isZero();
        ch.writeInbound(chunk("]}"), LastHttpContent.EMPTY_LAST_CONTENT);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitCountsOneLimitHitWhileItsBodyIsDropped() {
        webhook = webhook("/", 100, 100);
        EmbeddedChannel ch = channel();
        ch.writeInbound(declaredHead(150));
        assertThat(answer(ch).status()).isEqualTo(413);
        ch.writeInbound(chunk("x".repeat(50)), chunk("x".repeat(50)));
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("y".repeat(50), StandardCharsets.UTF_8)));
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.limitHits()).containsExactly("request_bytes");
        assertThat(listener.statuses()).containsExactly(413);
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitCountsOneLimitHitWhileTheRestIsDropped() {
        webhook = webhook("/", 100, 100);
        EmbeddedChannel ch = channel();
        ch.writeInbound(chunkedHead(), chunk("{\"items\":[" + " ".repeat(60)));
        ch.writeInbound(chunk(" ".repeat(60)));
        assertThat(answer(ch).status()).isEqualTo(413);
        ch.writeInbound(chunk(" ".repeat(60)), chunk(" ".repeat(60)), chunk("]}"), LastHttpContent.EMPTY_LAST_CONTENT);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.limitHits()).containsExactly("request_bytes");
        assertThat(listener.statuses()).containsExactly(413);
    }

    @Test
    void chunkedBodyIsAssembled() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(chunkedHead());
        for (int i = 0; i < BODY.length(); i += 7) {
            ch.writeInbound(chunk(BODY.substring(i, Math.min(BODY.length(), i + 7))));
        }
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(answer(ch).status()).isEqualTo(200);
        assertThat(sink.events()).isEqualTo(1);
    }

    @Test
    void expectContinueGets100ThenTheAnswer() {
        EmbeddedChannel ch = channel();
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        head.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        HttpUtil.setContentLength(head, BODY.length());
        ch.writeInbound(head);
        FullHttpResponse proceed = ch.readOutbound();
        assertThat(proceed.status().code()).isEqualTo(100);
        assertThat(proceed.content().readableBytes()).isZero();
        proceed.release();
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8)));
        assertThat(answer(ch).status()).isEqualTo(200);
        assertThat(listener.statuses()).containsExactly(200);
    }

    @Test
    void refusedExpectContinueClosesWithoutWaitingForTheBody() {
        EmbeddedChannel ch = channel();
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        head.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        HttpUtil.setContentLength(head, BODY.length());
        ch.writeInbound(head);
        assertThat(answer(ch).status()).isEqualTo(415);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void sinkRefusalGets429WithRetryAfterBeforeTheBody() {
        sink.refuse(Refusal.DISK_LOW);
        EmbeddedChannel ch = channel();
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(head, BODY.length());
        ch.writeInbound(head);
        Answer a = answer(ch);
        assertThat(a).extracting(Answer::status, Answer::retryAfter).containsExactly(429, "1");
        assertThat(listener.refusals()).containsExactly("disk_low");
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8)));
        assertThat(ch.isOpen()).isTrue();
        sink.refuse(null);
        ch.writeInbound(post("/", BODY));
        assertThat(answer(ch).status()).isEqualTo(200);
        assertThat(sink.batches()).hasSize(1);
    }

    @Test
    void inFlightBudgetCountsBodiesWaitingForTheJournalOnAllConnections() {
        webhook = webhook("/", 1000, 1000);
        sink.mode(Mode.HOLD);
        String big = BODY + " ".repeat(800 - BODY.length());
        EmbeddedChannel first = channel();
        first.writeInbound(post("/", big));
        EmbeddedChannel second = channel();
        second.writeInbound(post("/", BODY + " ".repeat(300)));
        Answer a = answer(second);
        assertThat(a).extracting(Answer::status, Answer::retryAfter).containsExactly(429, "1");
        assertThat(listener.refusals()).containsExactly("in_flight_bytes");
        sink.releaseHeld();
        assertThat(answer(first).status()).isEqualTo(200);
        sink.mode(Mode.STORE);
        second.writeInbound(post("/", BODY + " ".repeat(300)));
        assertThat(answer(second).status()).isEqualTo(200);
        assertThat(sink.batches()).hasSize(2);
    }

    @Test
    void chunkedBodiesAreCountedAgainstTheBudgetAsTheyArrive() {
        webhook = webhook("/", 1000, 1000);
        sink.mode(Mode.HOLD);
        EmbeddedChannel first = channel();
        first.writeInbound(post("/", BODY + " ".repeat(900 - BODY.length())));
        EmbeddedChannel second = channel();
        second.writeInbound(chunkedHead(), chunk("{\"items\":[]"));
        assertThat(webhook.budget().bytes()).isEqualTo(911);
        second.writeInbound(chunk(" ".repeat(100)));
        assertThat(answer(second).status()).isEqualTo(429);
        assertThat(webhook.budget().bytes()).isEqualTo(900);
        sink.releaseHeld();
        assertThat(answer(first).status()).isEqualTo(200);
    }

    @Test
    void stoppingGets503WithRetryAfterAndCloses() {
        stopping.set(true);
        EmbeddedChannel ch = channel();
        ch.writeInbound(post("/", BODY));
        Answer a = answer(ch);
        assertThat(a).extracting(Answer::status, Answer::retryAfter, Answer::connection).containsExactly(503, "5", "close");
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.refusals()).containsExactly("stopping");
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void undecodableRequestGets400AndCloses() {
        EmbeddedChannel ch = channel();
        FullHttpRequest bad = post("/", BODY);
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
        ch.writeInbound(bad);
        assertThat(answer(ch).status()).isEqualTo(400);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void http10KeepAliveIsHonouredAndItsAbsenceCloses() {
        EmbeddedChannel ch = channel();
        FullHttpRequest keep = post("/", BODY);
        keep.setProtocolVersion(HttpVersion.HTTP_1_0);
        keep.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        ch.writeInbound(keep);
        assertThat(answer(ch).connection()).isEqualToIgnoringCase("keep-alive");
        FullHttpRequest once = post("/", BODY);
        once.setProtocolVersion(HttpVersion.HTTP_1_0);
        ch.writeInbound(once);
        assertThat(answer(ch).connection()).as("HTTP/1.0 closes unless told otherwise").isNull();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void closingMidBodyGivesTheBytesBack() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(chunkedHead(), chunk("{\"items\":["));
        assertThat(webhook.budget().bytes()).isEqualTo(10);
        ch.close();
        assertThat(webhook.budget().bytes()).isZero();
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void releasesEveryMessageItReads() {
        webhook = webhook("/", 1000, 1000);
        EmbeddedChannel ch = channel();
        FullHttpRequest accepted = post("/", BODY.trim());
        FullHttpRequest notFound = post("/x", BODY);
        FullHttpRequest badJson = post("/", "{");
        DefaultHttpContent part = chunk("{\"items\":[");
        DefaultHttpContent over = chunk(" ".repeat(1000));
        DefaultLastHttpContent discarded = new DefaultLastHttpContent(Unpooled.copiedBuffer("]}", StandardCharsets.UTF_8));
        ch.writeInbound(accepted);
        assertThat(answer(ch).status()).isEqualTo(200);
        ch.writeInbound(notFound);
        assertThat(answer(ch).status()).isEqualTo(404);
        ch.writeInbound(badJson);
        assertThat(answer(ch).status()).isEqualTo(400);
        ch.writeInbound(chunkedHead(), part, over);
        assertThat(answer(ch).status()).isEqualTo(413);
        ch.writeInbound(discarded);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(List.of(accepted, notFound, badJson, part, over, discarded))
                .allSatisfy(m -> assertThat(m.refCnt()).isZero());
    }

    private static HttpRequest declaredHead(long contentLength) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(head, contentLength);
        return head;
    }
}
