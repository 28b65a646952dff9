package dev.kubeaudit.agent.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The systemd side of sd_notify: a datagram socket that records every message a child agent sends. */
public final class NotifyReceiver implements AutoCloseable {
    /** One datagram and when it arrived ({@link System#nanoTime()}). */
    public record Message(long nanos, String text) {
        public boolean has(String line) {
            return text.lines().anyMatch(line::equals);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final List<Message> received = new CopyOnWriteArrayList<>();

    /** Binds {@code path} (a file, or an abstract name starting with NUL) and starts recording. */
    public NotifyReceiver(String path) {
        Channel channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        received.add(new Message(System.nanoTime(), packet.content().toString(StandardCharsets.UTF_8)));
                    }
                })
                .bind(new DomainSocketAddress(path)).syncUninterruptibly().channel();
        if (!channel.isActive()) {
            throw new IllegalStateException("notify socket " + path + " not bound");
        }
    }

    public List<Message> messages() {
        return List.copyOf(received);
    }

    /** Messages holding the line {@code line}. */
    public long count(String line) {
        return received.stream().filter(m -> m.has(line)).count();
    }

    public Message first(String line) {
        return received.stream().filter(m -> m.has(line)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
