package dev.kubeaudit.agent.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A datagram connection to systemd's {@code NOTIFY_SOCKET}: a file-system path, or an abstract
 * socket name written {@code @name}. Messages are sd_notify's newline-separated {@code KEY=VALUE}
 * lines. Owns one event loop thread, which also runs the notifier's timers. Thread-safe.
 */
final class NotifySocket implements Closeable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final String address;

    private NotifySocket(EventLoopGroup group, Channel channel, String address) {
        this.group = group;
        this.channel = channel;
        this.address = address;
    }

    /** Connects to {@code address} (the value of NOTIFY_SOCKET); needs Linux epoll. */
    static NotifySocket connect(String address) throws IOException {
        if (address == null || address.isEmpty() || !(address.startsWith("/") || address.startsWith("@"))) {
            throw new IllegalArgumentException("NOTIFY_SOCKET: '" + address + "' (expected: an absolute path or @name)");
        }
        if (!Epoll.isAvailable()) {
            throw new IOException("Connect to NOTIFY_SOCKET '" + address + "' failed: epoll is not available ("
                    + Epoll.unavailabilityCause() + ")");
        }
        String path = address.startsWith("@") ? "\0" + address.substring(1) : address;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sd-notify", true),
                EpollIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new DomainSocketAddress(path)).syncUninterruptibly().channel();
            return new NotifySocket(group, channel, address);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("Connect to NOTIFY_SOCKET '" + address + "' failed", e);
        }
    }

    /** The loop that sends; the notifier schedules its timers on it. */
    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Sends one datagram without waiting (callable on the event loop itself). */
    ChannelFuture send(String message) {
        return channel.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
    }

    String address() {
        return address;
    }

    /** Closes the socket and stops its thread; idempotent. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
