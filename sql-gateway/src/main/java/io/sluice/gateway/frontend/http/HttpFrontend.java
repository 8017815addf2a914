package io.sluice.gateway.frontend.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.sluice.flight.FlightSqlFrontend;
import io.sluice.gateway.auth.GatewayAuthentication;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.apache.calcite.avatica.remote.Handler;

/**
 * The HTTP listener: Avatica's protobuf protocol (JDBC) and the health endpoint on one port. Netty
 * threads only move bytes; requests run on a worker pool, because answering one may wait for the
 * engine.
 */
public final class HttpFrontend implements AutoCloseable {
  /** Largest request body accepted; Avatica requests are small. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final ExecutorService requestExecutor;
  private final Channel channel;

  private HttpFrontend(
      EventLoopGroup bossGroup,
      EventLoopGroup workerGroup,
      ExecutorService requestExecutor,
      Channel channel) {
    this.bossGroup = bossGroup;
    this.workerGroup = workerGroup;
    this.requestExecutor = requestExecutor;
    this.channel = channel;
  }

  /**
   * Starts listening.
   *
   * @param tls the server's PEM certificate chain and PKCS#8 key, or null for plain HTTP
   */
  public static HttpFrontend start(
      String host,
      int port,
      FlightSqlFrontend.TlsFiles tls,
      Handler<byte[]> avatica,
      GatewayAuthentication authentication) {
    requireNonNull(avatica, "avatica");
    requireNonNull(authentication, "authentication");
    SslContext ssl = tls == null ? null : sslContext(tls);
    EventLoopGroup bossGroup = new NioEventLoopGroup(1, daemonThreads("http-accept"));
    EventLoopGroup workerGroup = new NioEventLoopGroup(2, daemonThreads("http-io"));
    ThreadPoolExecutor requestExecutor =
        new ThreadPoolExecutor(
            64,
            64,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("http-request"));
    requestExecutor.allowCoreThreadTimeOut(true);
    HttpRequestHandler handler = new HttpRequestHandler(avatica, authentication, requestExecutor);
    try {
      Channel channel =
          new ServerBootstrap()
              .group(bossGroup, workerGroup)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      if (ssl != null) {
                        channel.pipeline().addLast(new TlsOnlyHandler(ssl));
                      }
                      channel
                          .pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(handler);
                    }
                  })
              .bind(host, port)
              .sync()
              .channel();
      return new HttpFrontend(bossGroup, workerGroup, requestExecutor, channel);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      shutdown(bossGroup, workerGroup, requestExecutor);
      throw new IllegalStateException("Interrupted while starting the HTTP listener", interrupted);
    } catch (RuntimeException failure) {
      shutdown(bossGroup, workerGroup, requestExecutor);
      throw new IllegalStateException(
          "Cannot start the HTTP listener on " + host + ":" + port + ": " + failure, failure);
    }
  }

  /**
   * Speaks TLS; a client that sends plain HTTP to the TLS port gets a plain-text 400 saying so
   * instead of a closed connection, which Avatica's client would retry forever.
   */
  private static final class TlsOnlyHandler extends OptionalSslHandler {
    TlsOnlyHandler(SslContext ssl) {
      super(ssl);
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext context) {
      return new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext handlerContext, Object message) {
          ReferenceCountUtil.release(message);
          byte[] body =
              "This Sluice port speaks HTTPS only: use https:// (jdbc:sluice: ssl=true)\n"
                  .getBytes(StandardCharsets.US_ASCII);
          String head =
              "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n";
          handlerContext
              .writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
              .addListener(ChannelFutureListener.CLOSE);
        }
      };
    }
  }

  private static SslContext sslContext(FlightSqlFrontend.TlsFiles tls) {
    try {
      return SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
          .build();
    } catch (SSLException | IllegalArgumentException failure) {
      throw new IllegalStateException(
          "Cannot use the TLS certificate "
              + tls.certificateChain()
              + " and key "
              + tls.privateKey()
              + " (PEM, the key in PKCS#8): "
              + failure.getMessage(),
          failure);
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    shutdown(bossGroup, workerGroup, requestExecutor);
  }

  private static void shutdown(
      EventLoopGroup bossGroup, EventLoopGroup workerGroup, ExecutorService requestExecutor) {
    requestExecutor.shutdownNow();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
