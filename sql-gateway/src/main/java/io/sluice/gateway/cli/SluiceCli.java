package io.sluice.gateway.cli;

import io.sluice.gateway.GatewayServer;
import io.sluice.gateway.config.ConfigLoader;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.demo.DemoGovernance;
import io.sluice.gateway.demo.TpchDemoLoader;
import io.sluice.spi.SluiceException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sluice} command line: a thin wrapper over {@link GatewayServer}. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCli.Version.class,
    description = "Sluice: one SQL endpoint, one policy, for every client of the lakehouse.",
    subcommands = {
      SluiceCli.Serve.class,
      SluiceCli.Demo.class,
      UsersCommand.class,
      AuditCommand.class
    })
public final class SluiceCli implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  public static void main(String[] args) {
    int exit = commandLine().execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** The command line, with Sluice's errors printed as one line each. */
  static CommandLine commandLine() {
    return new CommandLine(new SluiceCli())
        .setExecutionExceptionHandler(
            (failure, commandLine, parseResult) -> {
              commandLine.getErr().println("sluice: " + failure.getMessage());
              return failure instanceof SluiceException ? 2 : 1;
            });
  }

  /** Options every command that starts the gateway shares. */
  static class ServerOptions {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "YAML configuration file (default: ./sluice.yaml if present, else built-in defaults)")
    Path config;

    GatewayConfig load() {
      if (config != null) {
        if (!Files.isRegularFile(config)) {
          throw new SluiceException(
              io.sluice.spi.ErrorCode.INVALID_CONFIGURATION,
              "Cannot read configuration file " + config + ": it does not exist");
        }
        return ConfigLoader.load(config);
      }
      Path local = Path.of("sluice.yaml");
      return Files.isRegularFile(local) ? ConfigLoader.load(local) : GatewayConfig.defaults();
    }
  }

  @Command(name = "serve", description = "Start the gateway and serve until interrupted.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin ServerOptions options = new ServerOptions();

    @Override
    public Integer call() throws InterruptedException {
      serveUntilStopped(GatewayServer.start(options.load()), System.out);
      return 0;
    }
  }

  @Command(
      name = "demo",
      description =
          "Load TPC-H into schema tpch of the local warehouse (skipped when already loaded), then serve.")
  static final class Demo implements Callable<Integer> {
    @CommandLine.Mixin ServerOptions options = new ServerOptions();

    @Option(
        names = "--scale-factor",
        paramLabel = "SF",
        defaultValue = "0.01",
        description = "TPC-H scale factor (default: ${DEFAULT-VALUE}, about 10 MB)")
    double scaleFactor;

    @Option(names = "--load-only", description = "Load the data and exit instead of serving.")
    boolean loadOnly;

    @Override
    public Integer call() throws InterruptedException {
      GatewayServer server = GatewayServer.start(options.load());
      try {
        System.out.printf("Loading TPC-H at scale factor %s into schema tpch...%n", scaleFactor);
        List<TpchDemoLoader.TableLoad> loads =
            new TpchDemoLoader(server.icebergCatalog(), "tpch").load(scaleFactor);
        for (TpchDemoLoader.TableLoad load : loads) {
          System.out.printf(
              "  %-22s %s%n",
              load.table(), load.written() ? load.rows() + " rows" : "already loaded");
        }
      } catch (RuntimeException failure) {
        server.close();
        throw failure;
      }
      Optional<String> analystPassword;
      try {
        if (DemoGovernance.writePolicies(server.config())) {
          System.out.printf(
              "Wrote example policies to %s: group analysts reads tpch, customer rows filtered"
                  + " by market segment, c_phone and c_address masked%n",
              server.config().policies().file());
        }
        analystPassword = DemoGovernance.addAnalyst(server.config());
      } catch (RuntimeException failure) {
        server.close();
        throw failure;
      }
      if (loadOnly) {
        server.close();
        analystPassword.ifPresent(
            password ->
                System.out.printf(
                    "Created user '%s' (group analysts) with password: %s%n",
                    DemoGovernance.ANALYST, password));
        return 0;
      }
      analystPassword.ifPresent(
          password ->
              System.out.printf(
                  "Created user '%s' (group analysts, segment BUILDING) with password: %s"
                      + " (shown once)%n",
                  DemoGovernance.ANALYST, password));
      serveUntilStopped(server, System.out);
      return 0;
    }
  }

  static void serveUntilStopped(GatewayServer server, PrintStream out) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "sluice-shutdown"));
    GatewayConfig config = server.config();
    String flightHost = config.flightSql().host();
    String httpHost = config.http().host();
    boolean tls = config.tls().enabled();
    out.printf("Sluice %s is serving (stop it with Ctrl-C)%n", server.version());
    out.printf(
        "  Arrow Flight SQL  port %d  jdbc:arrow-flight-sql://%s:%d/?useEncryption=%s%n",
        server.flightSqlPort(), flightHost, server.flightSqlPort(), tls);
    out.printf(
        "  JDBC (Avatica)    port %d  jdbc:sluice://%s:%d%s%n",
        server.httpPort(), httpHost, server.httpPort(), tls ? "?ssl=true" : "");
    out.printf(
        "  Health                     %s://%s:%d/health%n",
        tls ? "https" : "http", httpHost, server.httpPort());
    if (config.auth().passwordFile().enabled()) {
      out.printf("  Users                      %s%n", config.auth().passwordFile().file());
    }
    if (config.auth().oidc().enabled()) {
      out.printf("  OpenID Connect issuer      %s%n", config.auth().oidc().issuer());
    }
    out.printf("  Data directory             %s%n", config.dataDirectory());
    server
        .initialAdmin()
        .ifPresent(
            admin -> {
              out.printf("%nCreated user '%s' with password: %s%n", admin.user(), admin.password());
              out.printf(
                  "This password is shown once and stored only as a hash. Change it with"
                      + " `sluice users passwd %s`.%n",
                  admin.user());
            });
    out.flush();
    stopped.await();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Sluice " + GatewayServer.sluiceVersion()};
    }
  }
}
