package io.sluice.gateway.frontend.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.gateway.auth.CurrentCaller;
import io.sluice.gateway.auth.GatewayAuthentication;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests: Avatica on {@code POST /} and {@code POST /avatica}, health on GET. Health
 * is open; everything else authenticates first, on a worker thread, and answers 401 with an Avatica
 * error (so JDBC clients show the message and SQLSTATE 28000) when that fails.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);
  private static final ProtobufTranslationImpl TRANSLATION = new ProtobufTranslationImpl();

  private final Handler<byte[]> avatica;
  private final GatewayAuthentication authentication;
  private final Executor executor;

  HttpRequestHandler(
      Handler<byte[]> avatica, GatewayAuthentication authentication, Executor executor) {
    this.avatica = avatica;
    this.authentication = authentication;
    this.executor = executor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.method().equals(HttpMethod.GET) && path.equals("/health")) {
      respond(
          context,
          keepAlive,
          HttpResponseStatus.OK,
          "application/json",
          "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    // Everything but health authenticates first, on a worker thread: checking a password or
    // asking the identity provider blocks.
    boolean avaticaRequest =
        request.method().equals(HttpMethod.POST) && (path.equals("/") || path.equals("/avatica"));
    byte[] body = avaticaRequest ? ByteBufUtil.getBytes(request.content()) : null;
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    String peer = peer(context);
    String method = request.method().name();
    try {
      executor.execute(
          () -> {
            if (avaticaRequest) {
              answerAvatica(context, keepAlive, authorization, peer, body);
            } else {
              answerUnknown(context, keepAlive, authorization, peer, method, path);
            }
          });
    } catch (RejectedExecutionException shuttingDown) {
      respond(
          context,
          false,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "text/plain",
          "Sluice is shutting down".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void answerUnknown(
      ChannelHandlerContext context,
      boolean keepAlive,
      String authorization,
      String peer,
      String method,
      String path) {
    try {
      authentication.authenticate(authorization, peer, false);
    } catch (SluiceException failure) {
      unauthorized(context, keepAlive, failure);
      return;
    }
    respond(
        context,
        keepAlive,
        HttpResponseStatus.NOT_FOUND,
        "text/plain",
        ("No such endpoint: "
                + method
                + " "
                + path
                + "; JDBC clients POST to / (Avatica protobuf), health is GET /health")
            .getBytes(StandardCharsets.UTF_8));
  }

  private void answerAvatica(
      ChannelHandlerContext context,
      boolean keepAlive,
      String authorization,
      String peer,
      byte[] body) {
    CurrentCaller.Caller caller;
    try {
      caller =
          new CurrentCaller.Caller(
              authentication.authenticate(authorization, peer, false).identity(), peer);
    } catch (SluiceException failure) {
      unauthorized(context, keepAlive, failure);
      return;
    }
    try {
      Handler.HandlerResponse<byte[]> response =
          CurrentCaller.runAs(caller, () -> avatica.apply(body));
      respond(
          context,
          keepAlive,
          HttpResponseStatus.valueOf(response.getStatusCode()),
          "application/octet-stream",
          response.getResponse());
    } catch (Throwable failure) {
      // Errors too (a StackOverflowError on absurdly nested SQL): the client must get an answer.
      log.error("Cannot answer an Avatica request", failure);
      respond(
          context,
          false,
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "text/plain",
          ("Internal error: " + failure).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void unauthorized(
      ChannelHandlerContext context, boolean keepAlive, SluiceException failure) {
    Service.ErrorResponse error =
        new Service.ErrorResponse(
            List.of(),
            failure.getMessage(),
            failure.errorCode().code(),
            failure.errorCode().sqlState(),
            AvaticaSeverity.ERROR,
            null);
    byte[] body;
    try {
      body = TRANSLATION.serializeResponse(error);
    } catch (IOException impossible) {
      body = failure.getMessage().getBytes(StandardCharsets.UTF_8);
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Sluice\"");
    response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"Sluice\"");
    HttpUtil.setContentLength(response, body.length);
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      context.writeAndFlush(response);
    } else {
      context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String peer(ChannelHandlerContext context) {
    return context.channel().remoteAddress() instanceof InetSocketAddress address
        ? address.getAddress().getHostAddress()
        : String.valueOf(context.channel().remoteAddress());
  }

  private static void respond(
      ChannelHandlerContext context,
      boolean keepAlive,
      HttpResponseStatus status,
      String contentType,
      byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setContentLength(response, body.length);
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      context.writeAndFlush(response);
    } else {
      context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    log.debug("HTTP connection failed", cause);
    context.close();
  }
}
