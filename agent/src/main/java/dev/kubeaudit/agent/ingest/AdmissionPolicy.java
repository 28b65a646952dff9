package dev.kubeaudit.agent.ingest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Decides from a request head alone whether the webhook takes it: path, method, content type,
 * content encoding and expectation. The declared length is the handler's to judge, with the body's
 * other limits. Pure; thread-safe (immutable).
 */
final class AdmissionPolicy {
    private final String path;

    AdmissionPolicy(IngestSettings settings) {
        this.path = settings.normalizedPath();
    }

    /** Why the request is refused, or {@code null} when its body should be read. */
    Rejection check(HttpRequest request) {
        if (!path.equals(pathOf(request.uri()))) {
            return new Rejection(HttpResponseStatus.NOT_FOUND, "no webhook at this path");
        }
        if (!HttpMethod.POST.equals(request.method())) {
            return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + request.method() + " not allowed: use POST");
        }
        CharSequence mime = HttpUtil.getMimeType(request);
        if (mime == null || !HttpHeaderValues.APPLICATION_JSON.contentEqualsIgnoreCase(mime.toString().trim())) {
            return new Rejection(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "content type must be application/json");
        }
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding.trim())) {
            return new Rejection(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "content encoding not supported");
        }
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            return new Rejection(HttpResponseStatus.EXPECTATION_FAILED, "only Expect: 100-continue is supported");
        }
        return null;
    }

    /** The path of a request target without its query string, {@code ""} spelled {@code "/"}. */
    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        String p = query < 0 ? uri : uri.substring(0, query);
        return p.isEmpty() ? "/" : p;
    }

    /** A refusal: the status, a short reason for the answer's body and a 401's challenge (or null). */
    record Rejection(HttpResponseStatus status, String reason, String challenge) {
        Rejection(HttpResponseStatus status, String reason) {
            this(status, reason, null);
        }
    }
}
