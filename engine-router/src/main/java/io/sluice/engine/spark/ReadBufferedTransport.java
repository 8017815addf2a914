package io.sluice.engine.spark;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Reads its inner transport in large chunks and exposes the chunk, so that {@code TBinaryProtocol}
 * takes its no-copy paths and {@link RowSetWriter} copies values straight from the received bytes
 * into Arrow vectors. The SASL transport HiveServer2 uses offers no buffer of its own, which
 * otherwise costs a virtual call per primitive and an array per string.
 *
 * <p>Reading never blocks for more bytes than the caller needs: the inner transport returns what it
 * has, and {@link #require} asks for more only up to the requested count. Writes pass through.
 */
final class ReadBufferedTransport extends TTransport {
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** A buffer grown for one long value is dropped again once it is this large or larger. */
  private static final int LARGEST_RETAINED_BYTES = 16 * CHUNK_BYTES;

  private final TTransport inner;
  private byte[] buffer = new byte[CHUNK_BYTES];
  private int position;
  private int limit;

  ReadBufferedTransport(TTransport inner) {
    this.inner = inner;
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public void open() throws TTransportException {
    inner.open();
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public int read(byte[] target, int offset, int length) throws TTransportException {
    if (position == limit) {
      if (length >= CHUNK_BYTES) {
        return inner.read(target, offset, length);
      }
      refill();
    }
    int count = Math.min(length, limit - position);
    System.arraycopy(buffer, position, target, offset, count);
    position += count;
    return count;
  }

  @Override
  public void write(byte[] source, int offset, int length) throws TTransportException {
    inner.write(source, offset, length);
  }

  @Override
  public void flush() throws TTransportException {
    inner.flush();
  }

  // The buffer is deliberately not offered through getBuffer(): TBinaryProtocol would then return
  // binary values (operation handles among them) that wrap it, and the next read overwrites them.
  // RowSetWriter reads it through the methods below instead, and copies what it keeps.

  /** The bytes read ahead; valid from {@link #position()} for as many as were required. */
  byte[] array() {
    return buffer;
  }

  int position() {
    return position;
  }

  void skip(int length) {
    position += length;
  }

  byte readByte() throws TTransportException {
    require(1);
    return buffer[position++];
  }

  short readI16() throws TTransportException {
    require(2);
    short value = (short) SHORTS.get(buffer, position);
    position += 2;
    return value;
  }

  int readI32() throws TTransportException {
    require(4);
    int value = (int) INTS.get(buffer, position);
    position += 4;
    return value;
  }

  long readI64() throws TTransportException {
    require(8);
    long value = (long) LONGS.get(buffer, position);
    position += 8;
    return value;
  }

  /**
   * Makes at least {@code length} bytes available at {@link #getBufferPosition()}, reading and
   * growing the buffer as needed.
   *
   * @throws TTransportException when the connection ends first
   */
  void require(int length) throws TTransportException {
    if (limit - position >= length) {
      return;
    }
    int remaining = limit - position;
    if (buffer.length < length) {
      byte[] larger = new byte[Math.max(length, buffer.length * 2)];
      System.arraycopy(buffer, position, larger, 0, remaining);
      buffer = larger;
    } else {
      System.arraycopy(buffer, position, buffer, 0, remaining);
    }
    position = 0;
    limit = remaining;
    while (limit < length) {
      int read = inner.read(buffer, limit, buffer.length - limit);
      if (read <= 0) {
        throw new TTransportException(
            TTransportException.END_OF_FILE, "The engine closed the connection mid-message");
      }
      limit += read;
    }
  }

  private void refill() throws TTransportException {
    if (buffer.length >= LARGEST_RETAINED_BYTES) {
      buffer = new byte[CHUNK_BYTES];
    }
    position = 0;
    limit = 0;
    int read = inner.read(buffer, 0, buffer.length);
    if (read <= 0) {
      throw new TTransportException(
          TTransportException.END_OF_FILE, "The engine closed the connection");
    }
    limit = read;
  }
}
