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
   * @param allocator the parent of every allocator the frontend creates; the frontend closes the
   *     child it takes from it
   */
  public static FlightSqlFrontend start(
      String host, int port, FlightSqlBackend backend, BufferAllocator allocator) {
    requireNonNull(backend, "backend");
    BufferAllocator frontendAllocator =
        allocator.newChildAllocator("flight-sql", 0, allocator.getLimit());
    SluiceFlightSqlProducer producer =
        new SluiceFlightSqlProducer(backend, frontendAllocator, Duration.ofMinutes(5));
    FlightServer server =
        FlightServer.builder(frontendAllocator, Location.forGrpcInsecure(host, port), producer)
            .middleware(SessionCookieMiddleware.KEY, new SessionCookieMiddleware.Factory(backend))
            .build();
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
