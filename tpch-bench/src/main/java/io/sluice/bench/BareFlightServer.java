package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow Flight server with nothing behind it, in the benchmark's process: GetFlightInfo answers
 * at once and DoGet sends the one row the small query returns. Timing its two calls, in the same
 * loop as the routed queries, shows what the Flight calls themselves cost on this machine, apart
 * from Sluice's work and Spark's.
 */
final class BareFlightServer implements AutoCloseable {
  private static final Schema SCHEMA =
      new Schema(List.of(Field.nullable("n_name", ArrowType.Utf8.INSTANCE)));
  private static final byte[] COMMAND = "one row".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ROW = "GERMANY".getBytes(StandardCharsets.UTF_8);

  private final BufferAllocator allocator = new RootAllocator();
  private final FlightServer server;
  private final FlightClient client;

  BareFlightServer() throws IOException {
    server =
        FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), new OneRow())
            .build()
            .start();
    client =
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.getPort()))
            .build();
  }

  /** GetFlightInfo, then DoGet of its one endpoint, as a Flight SQL client runs a statement. */
  long roundTrip() {
    FlightInfo info = client.getInfo(FlightDescriptor.command(COMMAND));
    long rows = 0;
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    } catch (Exception failure) {
      throw new IllegalStateException(failure);
    }
    return rows;
  }

  @Override
  public void close() throws Exception {
    AutoCloseables.close(client, server, allocator);
  }

  private final class OneRow extends NoOpFlightProducer {
    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
      return new FlightInfo(
          SCHEMA, descriptor, List.of(new FlightEndpoint(new Ticket(COMMAND))), -1, -1);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        VarCharVector names = (VarCharVector) root.getVector(0);
        names.allocateNew();
        names.setSafe(0, ROW);
        root.setRowCount(1);
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
    }
  }
}
