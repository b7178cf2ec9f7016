package io.hookwarden.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for a request's head (request line and headers): a client that opens a connection, or starts a request
 * on a kept-alive one, and has not finished its headers within the deadline is answered 408 in JSON and closed.
 * Vert.x has no such limit (its idle timeout restarts with every byte, so one header byte a minute holds a
 * connection for ever) and Quarkus exposes neither the server's channel nor a connection hook, so each accepted
 * channel gets a {@link Watch} at the head of its pipeline, and the router tells it when a head was decoded.
 */
public final class HeaderDeadline {
    private static final String WATCH = "hookwarden-header-deadline";
    private static final String ACCEPTOR = "hookwarden-header-deadline-acceptor";

    private final long timeoutMillis;

    public HeaderDeadline(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    /** Tells each connection's watch when a head was decoded (first of all routes) and when its answer ended. */
    public void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::headArrived);
    }

    /**
     * Watches every connection the HTTP server listening on {@code port} accepts from now on. Connections accepted
     * before (in the moment between listen and this call) get their watch from their first decoded head.
     *
     * @throws IllegalStateException when no server listens on the port or Vert.x no longer keeps its channel where
     *         this looks (a Vert.x upgrade): the runtime must not start without the limit.
     */
    public void watch(Vertx vertx, int port) {
        for (TCPServerBase server : ((VertxInternal) vertx).sharedHttpServers().values()) {
            if (server.actualPort() == port) {
                Channel channel = serverChannel(server);
                synchronized (HeaderDeadline.class) {
                    if (channel.pipeline().get(ACCEPTOR) == null) {
                        channel.pipeline().addFirst(ACCEPTOR, new Acceptor(timeoutMillis));
                    }
                }
                return;
            }
        }
        throw new IllegalStateException("no HTTP server listens on port " + port + " (servers: "
                + ((VertxInternal) vertx).sharedHttpServers().keySet() + ")");
    }

    private static Channel serverChannel(TCPServerBase server) {
        try {
            Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
            bound.setAccessible(true);
            @SuppressWarnings("unchecked")
            Future<Channel> channel = (Future<Channel>) bound.get(server);
            if (channel == null || channel.result() == null) {
                throw new IllegalStateException("the HTTP server on port " + server.actualPort() + " is not bound");
            }
            return channel.result();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Vert.x keeps the server channel elsewhere; the header deadline needs it", e);
        }
    }

    private void headArrived(RoutingContext rc) {
        if (rc.request().connection() instanceof ConnectionBase connection && rc.request().version() != HttpVersion.HTTP_2) {
            // (HTTP/2 streams interleave on one connection: a head per stream is HTTP/2's own concern.)
            ChannelPipeline pipeline = connection.channel().pipeline();
            Watch watch = (Watch) pipeline.get(WATCH);
            if (watch == null) {
                watch = new Watch(timeoutMillis);
                pipeline.addFirst(WATCH, watch);
            }
            watch.headArrived();
            Watch answering = watch;
            rc.addEndHandler(ignored -> answering.answered());
        }
        rc.next();
    }

    /** On the server channel: puts a watch on each accepted connection before Vert.x sets up its pipeline. */
    @ChannelHandler.Sharable
    private static final class Acceptor extends ChannelInboundHandlerAdapter {
        private final long timeoutMillis;

        Acceptor(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object accepted) {
            if (accepted instanceof Channel child) {
                child.pipeline().addFirst(WATCH, new Watch(timeoutMillis));
            }
            ctx.fireChannelRead(accepted);
        }
    }

    /**
     * One connection's clock: it runs from the connection's opening, and from the first byte after each answer, until
     * the router sees the decoded head. All calls come on the connection's event loop.
     */
    private static final class Watch extends ChannelDuplexHandler {
        private final long timeoutMillis;
        private ScheduledFuture<?> deadline;
        private boolean betweenRequests;
        private ChannelHandlerContext ctx;

        Watch(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            start();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (betweenRequests && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                betweenRequests = false;
                start();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stop();
        }

        void headArrived() {
            stop();
        }

        void answered() {
            betweenRequests = true;
        }

        private void start() {
            stop();
            deadline = ctx.executor().schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        }

        private void stop() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        private void expire() {
            deadline = null;
            if (ctx.pipeline().get(SslHandler.class) != null) {
                // Written here, ahead of the TLS handler, an answer would be plaintext on an encrypted connection.
                ctx.close();
                return;
            }
            String body = JsonAnswers.json(new Rejection(408, "request_timeout",
                    "the request headers did not arrive within " + timeoutMillis / 1000 + " s"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), bytes))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
