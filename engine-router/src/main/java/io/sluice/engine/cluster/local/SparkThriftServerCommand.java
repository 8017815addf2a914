package io.sluice.engine.cluster.local;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command line of a local Spark Thrift Server: Spark confs as system properties (spark-submit
 * is not needed), the Spark jars as the whole classpath, and {@link ChildProcessMain} in front so
 * the server dies with Sluice.
 */
final class SparkThriftServerCommand {
  static final String LOOPBACK_ADDRESS = "127.0.0.1";
  static final String THRIFT_SERVER_MAIN_CLASS =
      "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2";

  /**
   * Spark's own list ({@code org.apache.spark.launcher.JavaModuleOptions}, Spark 3.5.4): without
   * {@code sun.nio.ch} the server does not start, without {@code java.nio} Iceberg's vectorized
   * reads fail.
   */
  static final List<String> MODULE_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  /** Values of settings whose names look like this never reach the log's header line. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(password|secret|token|credential|access\\.key|secret\\.key).*");

  private SparkThriftServerCommand() {}

  /** The layout of a cluster's state directory. */
  record StateLayout(Path stateDirectory) {
    Path logDirectory() {
      return stateDirectory.resolve("logs");
    }

    Path logFile() {
      return logDirectory().resolve("spark-thrift-server.log");
    }

    Path log4jConfig() {
      return stateDirectory.resolve("conf").resolve("log4j2.properties");
    }

    Path launcherClasses() {
      return stateDirectory.resolve("launcher");
    }

    Path temporaryDirectory() {
      return stateDirectory.resolve("tmp");
    }

    Path localDirectory() {
      return stateDirectory.resolve("local");
    }

    Path derbyDirectory() {
      return stateDirectory.resolve("derby");
    }

    Path sparkWarehouse() {
      return stateDirectory.resolve("spark-warehouse");
    }

    List<Path> directories() {
      return List.of(
          logDirectory(),
          log4jConfig().getParent(),
          launcherClasses(),
          temporaryDirectory(),
          localDirectory(),
          derbyDirectory(),
          sparkWarehouse());
    }
  }

  /** The Spark settings of a cluster, Sluice's first and then the configured ones over them. */
  static Map<String, String> sparkConf(LocalClusterConfig config, StateLayout layout) {
    String catalog = "spark.sql.catalog." + config.catalogName();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.master", "local[*]");
    conf.put("spark.app.name", "Sluice cluster " + config.name());
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.driver.host", LOOPBACK_ADDRESS);
    conf.put("spark.driver.bindAddress", LOOPBACK_ADDRESS);
    // The gateway owns the catalog: Spark's session catalog stays in memory and Derby, which the
    // Thrift server still opens for its execution Hive client, never touches the disk.
    conf.put("spark.sql.catalogImplementation", "in-memory");
    conf.put(
        "spark.hadoop.javax.jdo.option.ConnectionURL",
        "jdbc:derby:memory:sts_metastore;create=true");
    conf.put("spark.local.dir", layout.localDirectory().toString());
    conf.put("spark.sql.warehouse.dir", layout.sparkWarehouse().toUri().toString());
    conf.put(
        "spark.sql.extensions",
        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    conf.put(catalog, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(catalog + ".type", "jdbc");
    conf.put(catalog + ".uri", config.catalogUri());
    conf.put(catalog + ".jdbc.schema-version", "V1");
    conf.put(catalog + ".warehouse", config.warehouseDirectory().toUri().toString());
    conf.put("spark.sql.defaultCatalog", config.catalogName());
    // Without it Spark collects the whole result on the server before the first fetch.
    conf.put("spark.sql.thriftServer.incrementalCollect", "true");
    // Spark would otherwise replace ${env:...} and ${system:...} in a statement's text with the
    // engine's environment variables and system properties: a side door past the gateway.
    conf.put("spark.sql.variable.substitute", "false");
    conf.putAll(config.sparkConf());
    return conf;
  }

  static List<String> build(
      LocalClusterConfig config, StateLayout layout, int thriftPort, String javaExecutable) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable);
    command.add("-Xmx" + config.driverHeapMegabytes() + "m");
    command.addAll(MODULE_OPTIONS);
    command.add("-Dlog4j2.configurationFile=" + layout.log4jConfig().toUri());
    command.add("-Djava.io.tmpdir=" + layout.temporaryDirectory());
    command.add("-Dderby.system.home=" + layout.derbyDirectory());
    command.add("-Dderby.stream.error.file=" + layout.logDirectory().resolve("derby.log"));
    sparkConf(config, layout).forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(
        config.sparkJarsDirectory().resolve("*") + File.pathSeparator + layout.launcherClasses());
    command.add(ChildProcessMain.class.getName());
    command.add(THRIFT_SERVER_MAIN_CLASS);
    command.add("--hiveconf");
    command.add("hive.server2.thrift.bind.host=" + LOOPBACK_ADDRESS);
    command.add("--hiveconf");
    command.add("hive.server2.thrift.port=" + thriftPort);
    return command;
  }

  /** The command as one line for the log, with the values of secret-looking settings hidden. */
  static String describe(List<String> command) {
    StringBuilder line = new StringBuilder();
    for (String argument : command) {
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(redact(argument));
    }
    return line.toString();
  }

  private static String redact(String argument) {
    int equals = argument.indexOf('=');
    if (!argument.startsWith("-D") || equals < 0) {
      return argument;
    }
    String key = argument.substring(2, equals).toLowerCase(Locale.ROOT);
    return SECRET_NAME.matcher(key).matches()
        ? argument.substring(0, equals + 1) + "***"
        : argument;
  }

  /** The java launcher of this JVM, so the child runs on the same Java. */
  static String javaExecutable() {
    Optional<String> command = ProcessHandle.current().info().command();
    if (command.isPresent() && Path.of(command.get()).getFileName().toString().startsWith("java")) {
      return command.get();
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Log4j 2 at WARN, to standard error (the parent sends it to the cluster's log file). */
  static String log4jConfiguration() {
    return String.join(
        "\n",
        "# Written by Sluice at each start of the local Spark Thrift Server.",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.console.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
        "# One line to show that the server is up.",
        "logger.thriftServer.name = org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
        "logger.thriftServer.level = info",
        "# TThreadPoolServer logs a harmless ERROR each time a client disconnects.",
        "logger.threadPoolServer.name = org.apache.thrift.server.TThreadPoolServer",
        "logger.threadPoolServer.level = off",
        "");
  }
}
