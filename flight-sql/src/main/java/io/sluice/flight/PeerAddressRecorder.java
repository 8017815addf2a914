package io.sluice.flight;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.Executor;

/**
 * Makes the client's address available to Flight middleware, which Arrow's API does not offer. gRPC
 * asks this supplier for a call's executor before any interceptor runs (Arrow's middleware adapter
 * included), with the call's transport attributes and its headers: it records the address taken
 * from the connection in the {@value #HEADER} header, replacing any value a client sent, so the
 * address cannot be forged. It returns null: the server's own executor runs the call.
 */
final class PeerAddressRecorder implements ServerCallExecutorSupplier {
  static final String HEADER = "sluice-peer-address";
  private static final Metadata.Key<String> KEY =
      Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, A> Executor getExecutor(ServerCall<Q, A> call, Metadata headers) {
    headers.discardAll(KEY);
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      headers.put(KEY, inet.getAddress().getHostAddress());
    } else if (remote != null) {
      headers.put(KEY, remote.toString());
    }
    return null;
  }
}
