package dev.kubeaudit.bench;

import dev.kubeaudit.agent.ingest.BadEventListException;
import dev.kubeaudit.agent.ingest.EventListParser;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
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
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The HTTP + parse ceiling for the load generator: a Netty endpoint on loopback that reads each
 * whole request body into a reused array, splits it with the agent's {@link EventListParser} and
 * answers 200 with an empty body, journaling nothing. Same transport choice as the agent (epoll when
 * available). Thread-safe: one handler (and body array) per connection, on its event loop.
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.ParseOnlyServer 17778}
 */
public final class ParseOnlyServer implements Closeable {
    private final EventLoopGroup group;
    private final Channel channel;

    private ParseOnlyServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static void main(String[] args) throws InterruptedException {
        ParseOnlyServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 17778);
        System.out.println("parse-only endpoint on 127.0.0.1:" + server.port());
        server.channel.closeFuture().sync();
    }

    static ParseOnlyServer start(int port) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, io);
        Channel channel = new ServerBootstrap().group(group).channel(type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new SplitHandler());
                    }
                }).bind("127.0.0.1", port).syncUninterruptibly().channel();
        return new ParseOnlyServer(group, channel);
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    /** Collects one body, splits it, answers. Confined to its channel's event loop. */
    private static final class SplitHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final EventListParser parser = new EventListParser();
        private byte[] body = new byte[1 << 20];
        private int size;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws BadEventListException {
            if (msg instanceof HttpContent content) {
                int n = content.content().readableBytes();
                if (size + n > body.length) {
                    body = Arrays.copyOf(body, Math.max(body.length * 2, size + n));
                }
                content.content().readBytes(body, size, n);
                size += n;
            }
            if (msg instanceof LastHttpContent) {
                HttpResponseStatus status = HttpResponseStatus.OK;
                if (parser.parse(body, 0, size).size() == 0) {
                    status = HttpResponseStatus.BAD_REQUEST;
                }
                size = 0;
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(response);
            }
        }
    }
}
