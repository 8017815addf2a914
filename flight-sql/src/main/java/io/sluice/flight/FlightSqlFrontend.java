package io.sluice.flight;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;

/** The Arrow Flight SQL listener: a Flight server running {@link SluiceFlightSqlProducer}. */
public final class FlightSqlFrontend implements AutoCloseable {
  private final BufferAllocator allocator;
  private final SluiceFlightSqlProducer producer;
  private final FlightServer server;

  private FlightSqlFrontend(
      BufferAllocator allocator, SluiceFlightSqlProducer producer, FlightServer server) {
    this.allocator = allocator;
    this.producer = producer;
    this.server = server;
  }

  /**
   * Starts listening.
   *
   * @param port the port, or 0 for any free port
   * @param tls the server's PEM certificate chain and PKCS#8 private key, or null for plain text
   * @param allocator the parent of every allocator the frontend creates; the frontend closes the
   *     child it takes from it
   */
  public static FlightSqlFrontend start(
      String host, int port, TlsFiles tls, FlightSqlBackend backend, BufferAllocator allocator) {
    requireNonNull(backend, "backend");
    BufferAllocator frontendAllocator =
        allocator.newChildAllocator("flight-sql", 0, allocator.getLimit());
    SluiceFlightSqlProducer producer =
        new SluiceFlightSqlProducer(backend, frontendAllocator, Duration.ofMinutes(5));
    FlightServer.Builder builder =
        FlightServer.builder(
                frontendAllocator,
                tls == null
                    ? Location.forGrpcInsecure(host, port)
                    : Location.forGrpcTls(host, port),
                producer)
            .middleware(SessionCookieMiddleware.KEY, new SessionCookieMiddleware.Factory(backend))
            .transportHint(
                "grpc.builderConsumer",
                (java.util.function.Consumer<io.grpc.netty.NettyServerBuilder>)
                    netty -> netty.callExecutor(new PeerAddressRecorder()));
    if (tls != null) {
      try {
        builder.useTls(tls.certificateChain().toFile(), tls.privateKey().toFile());
      } catch (IOException failure) {
        producer.close();
        frontendAllocator.close();
        throw new UncheckedIOException(
            "Cannot read the TLS certificate "
                + tls.certificateChain()
                + " or key "
                + tls.privateKey()
                + ": "
                + failure,
            failure);
      }
    }
    FlightServer server;
    try {
      server = builder.build();
    } catch (RuntimeException failure) {
      producer.close();
      frontendAllocator.close();
      throw failure;
    }
    try {
      server.start();
    } catch (IOException failure) {
      producer.close();
      frontendAllocator.close();
      throw new UncheckedIOException(
          "Cannot start the Arrow Flight SQL listener on " + host + ":" + port + ": " + failure,
          failure);
    }
    return new FlightSqlFrontend(frontendAllocator, producer, server);
  }

  /** PEM files for TLS: the certificate chain (leaf first) and its PKCS#8 private key. */
  public record TlsFiles(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) {}

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.close();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      AutoCloseables.close(server, producer, allocator);
    } catch (Exception failure) {
      throw new IllegalStateException("Cannot stop the Arrow Flight SQL listener cleanly", failure);
    }
  }
}
