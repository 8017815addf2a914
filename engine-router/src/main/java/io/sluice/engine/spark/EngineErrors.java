package io.sluice.engine.spark;

import io.sluice.engine.spark.ThriftConnection.ThriftStatusException;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;

/** Turns what goes wrong between Sluice and a Spark engine into messages a user can act on. */
final class EngineErrors {
  /** Spark appends the analyzed plan and stack frames to messages; the first lines say it all. */
  private static final int MESSAGE_LINES = 3;

  private static final int MESSAGE_CHARACTERS = 2_000;
  private static final String HIVE_PREFIX = "Error running query: ";

  /**
   * A Java exception class at the start of a message, after Spark's optional error class: Spark's
   * messages read "[ERROR_CLASS] org.apache.spark.sql.AnalysisException: [ERROR_CLASS] text".
   */
  private static final Pattern EXCEPTION_PREFIX =
      Pattern.compile(
          "^(\\[[A-Z0-9_.]+\\] )?(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

  private final SparkThriftEngineConfig config;

  EngineErrors(SparkThriftEngineConfig config) {
    this.config = config;
  }

  /** Classifies a failed RPC: the engine's own errors, or a lost engine. */
  SluiceException translate(String queryId, TException failure) {
    if (failure instanceof ThriftStatusException status) {
      return queryFailed(queryId, status.getMessage(), status.sqlState(), failure);
    }
    if (failure instanceof TTransportException || failure.getCause() instanceof IOException) {
      return lost(queryId, failure);
    }
    // TApplicationException or TProtocolException: the server answered, but not as expected.
    return new SluiceException(
        ErrorCode.ENGINE_QUERY_FAILED,
        "Cannot run query "
            + queryId
            + " on cluster "
            + config.clusterName()
            + ": the engine's answer could not be read ("
            + failure
            + ")",
        failure);
  }

  SluiceException queryFailed(
      String queryId, String engineMessage, String sqlState, Throwable cause) {
    String message = firstLines(engineMessage);
    if (sqlState != null && !sqlState.isBlank() && !message.contains(sqlState)) {
      message = message + " (SQLSTATE " + sqlState + ")";
    }
    return new SluiceException(
        ErrorCode.ENGINE_QUERY_FAILED,
        "Cannot run query " + queryId + " on cluster " + config.clusterName() + ": " + message,
        cause);
  }

  SluiceException lost(String queryId, Throwable cause) {
    return new SluiceException(
        ErrorCode.ENGINE_LOST,
        "The Spark engine of cluster "
            + config.clusterName()
            + " went away during query "
            + queryId
            + " ("
            + describeTransportFailure(cause)
            + "); see its log at "
            + config.engineLog(),
        cause);
  }

  SluiceException cancelled(String queryId, Throwable cause) {
    String message = "Query " + queryId + " on cluster " + config.clusterName() + " was cancelled";
    return cause == null
        ? new SluiceException(ErrorCode.QUERY_CANCELLED, message)
        : new SluiceException(ErrorCode.QUERY_CANCELLED, message, cause);
  }

  SluiceException noFreeConnection(String queryId) {
    return new SluiceException(
        ErrorCode.ENGINE_QUERY_FAILED,
        "Cannot run query "
            + queryId
            + " on cluster "
            + config.clusterName()
            + ": all "
            + config.maxConnections()
            + " engine connections stayed busy for "
            + format(config.connectionWaitTimeout())
            + "; raise the cluster's connection limit or lower its concurrency limit");
  }

  SluiceException unreadableValue(String queryId, RuntimeException cause) {
    return new SluiceException(
        ErrorCode.INTERNAL_ERROR,
        "Cannot convert the result of query "
            + queryId
            + " on cluster "
            + config.clusterName()
            + " to Arrow: "
            + cause.getMessage(),
        cause);
  }

  private String describeTransportFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return "no answer within " + format(config.socketTimeout());
      }
      if (cause instanceof ConnectException) {
        return "cannot connect to "
            + config.address().getHostString()
            + ":"
            + config.address().getPort()
            + ": "
            + cause.getMessage();
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /** Keeps the first lines of an engine message and drops Hive's generic prefix. */
  static String firstLines(String engineMessage) {
    if (engineMessage == null || engineMessage.isBlank()) {
      return "the engine gave no reason";
    }
    String text = withoutExceptionPrefixes(engineMessage.strip());
    StringBuilder kept = new StringBuilder();
    int lines = 0;
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      if (lines > 0 && isPlanOrStackLine(line)) {
        break;
      }
      if (lines > 0) {
        kept.append('\n');
      }
      kept.append(line.stripTrailing());
      if (++lines == MESSAGE_LINES || kept.length() >= MESSAGE_CHARACTERS) {
        break;
      }
    }
    if (kept.length() > MESSAGE_CHARACTERS) {
      kept.setLength(MESSAGE_CHARACTERS);
      kept.append('…');
    }
    return kept.toString();
  }

  /** Drops Hive's generic prefix and the Java exception names in front of Spark's own text. */
  private static String withoutExceptionPrefixes(String message) {
    String text = message;
    while (true) {
      if (text.startsWith(HIVE_PREFIX)) {
        text = text.substring(HIVE_PREFIX.length());
        continue;
      }
      Matcher matcher = EXCEPTION_PREFIX.matcher(text);
      if (!matcher.find()) {
        return text;
      }
      String errorClass = matcher.group(1);
      text = text.substring(matcher.end()).stripLeading();
      if (errorClass != null && !text.startsWith("[")) {
        text = errorClass + text;
      }
    }
  }

  /** Lines of an analyzed plan ({@code 'Project}, {@code +- ...}) or of a stack trace. */
  private static boolean isPlanOrStackLine(String line) {
    String stripped = line.strip();
    return line.startsWith(" ")
        || line.startsWith("\t")
        || stripped.startsWith("'")
        || stripped.startsWith("+-")
        || stripped.startsWith(":-")
        || stripped.startsWith("at ")
        || stripped.startsWith("==")
        || stripped.startsWith("Caused by:");
  }

  static String format(Duration duration) {
    if (duration.toMillis() % 3_600_000 == 0) {
      return duration.toHours() + " h";
    }
    if (duration.toMillis() % 60_000 == 0) {
      return duration.toMinutes() + " min";
    }
    if (duration.toMillis() % 1_000 == 0) {
      return duration.toSeconds() + " s";
    }
    return duration.toMillis() + " ms";
  }
}
