package io.sluice.gateway.cli;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.security.audit.AuditVerifier;
import io.sluice.security.audit.VerificationResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice audit}: works with the audit log. */
@Command(
    name = "audit",
    description = "Work with the audit log.",
    mixinStandardHelpOptions = true,
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  @Command(
      name = "verify",
      description =
          "Check the hash chain of an audit log (a file or a directory of files); report the first"
              + " edited, missing, reordered or truncated record. Exit code 0 when intact, 3 when"
              + " not.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Mixin SluiceCli.ServerOptions server = new SluiceCli.ServerOptions();

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "PATH",
        description = "The audit file or directory (default: audit.directory of the configuration)")
    Path path;

    @Override
    public Integer call() {
      Path target = path;
      if (target == null) {
        GatewayConfig config = server.load();
        target = config.audit().directory();
      }
      VerificationResult result = AuditVerifier.verify(target.toAbsolutePath().normalize());
      System.out.println(result);
      return result.ok() ? 0 : 3;
    }
  }
}
