package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.ingest.WebhookAccess.Credentials;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Reads a request's {@link Credentials} from its connection and head. Stateless. */
final class WebhookCredentials {
    private WebhookCredentials() {
    }

    static Credentials of(ChannelHandlerContext ctx, HttpRequest request) {
        return new Credentials(address(ctx.channel().remoteAddress()), peerCertificates(ctx),
                request.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    private static List<X509Certificate> peerCertificates(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : tls.engine().getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client sent no certificate
        }
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
