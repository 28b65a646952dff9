package dev.kubeaudit.bench;

import dev.kubeaudit.agent.ingest.BadEventListException;
import dev.kubeaudit.agent.ingest.EventListParser;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A webhook destination for the forwarding benchmark: a Netty endpoint on 127.0.0.1 that reads
 * each POSTed EventList whole, splits it with the agent's {@link EventListParser}, counts its
 * events and answers 200 (400 to a body that holds none); any GET answers the number of events
 * counted so far, as plain text. Keeps nothing. Thread-safe: one handler (and body array) per
 * connection, on its event loop; the count is a shared adder.
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.WebhookSink 18091}
 */
public final class WebhookSink {
    private WebhookSink() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            throw new IllegalArgumentException("arguments: " + Arrays.toString(args) + " (expected: PORT)");
        }
        int port = Integer.parseInt(args[0]);
        LongAdder events = new LongAdder();
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Channel channel = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new CountingHandler(events));
                    }
                }).bind("127.0.0.1", port).syncUninterruptibly().channel();
        System.out.println("webhook sink on 127.0.0.1:" + port);
        channel.closeFuture().sync();
    }

    /** Collects one body, counts its events, answers. Confined to its channel's event loop. */
    private static final class CountingHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final EventListParser parser = new EventListParser();
        private final LongAdder events;
        private byte[] body = new byte[1 << 20];
        private int size;
        private boolean post;

        CountingHandler(LongAdder events) {
            this.events = events;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws BadEventListException {
            if (msg instanceof HttpRequest request) {
                post = HttpMethod.POST.equals(request.method());
                size = 0;
            }
            if (msg instanceof HttpContent content && post) {
                int n = content.content().readableBytes();
                if (size + n > body.length) {
                    body = Arrays.copyOf(body, Math.max(body.length * 2, size + n));
                }
                content.content().readBytes(body, size, n);
                size += n;
            }
            if (msg instanceof LastHttpContent) {
                ctx.writeAndFlush(post ? counted() : count());
            }
        }

        private FullHttpResponse counted() throws BadEventListException {
            int n = parser.parse(body, 0, size).size();
            events.add(n);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    n == 0 ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            return response;
        }

        private FullHttpResponse count() {
            ByteBuf text = Unpooled.copiedBuffer(events.sum() + "\n", StandardCharsets.US_ASCII);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, text);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, text.readableBytes());
            return response;
        }
    }
}
