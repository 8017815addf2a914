package io.sluice.security.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.password.PasswordFileAuthenticator;
import io.sluice.security.authn.password.PasswordFileConfig;
import io.sluice.security.authn.password.PasswordHasher;
import io.sluice.security.authn.password.PasswordHasherConfig;
import io.sluice.security.authn.password.UserFile;
import io.sluice.security.authn.token.TokenIssuer;
import io.sluice.security.authn.token.TokenIssuerConfig;
import io.sluice.security.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TestAuthenticationService {
  private static final PasswordHasherConfig CHEAP = new PasswordHasherConfig(1024, 1, 1, 4);
  private static final String ADDRESS = "192.0.2.7";

  @TempDir Path directory;
  private final TestingClock clock = TestingClock.startingNow();
  private final List<Duration> sleeps = new ArrayList<>();
  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  private UserFile users;
  private AuthenticationService service;

  @BeforeEach
  void setUp() {
    Path file = directory.resolve("users.yaml");
    users = new UserFile(file, new PasswordHasher(CHEAP));
    users.add("alice", "alice-password", Set.of("analysts"), Map.of("region", "emea"));
    service =
        new AuthenticationService(
            List.of(
                new PasswordFileAuthenticator(
                    new PasswordFileConfig(file, Duration.ofMinutes(5), CHEAP), clock)),
            new LoginThrottle(LoginThrottleConfig.defaults(), clock),
            new TokenIssuer(TokenIssuerConfig.defaults(), clock),
            sleeps::add);
    audit.start();
    ((Logger) LoggerFactory.getLogger("sluice.audit.auth")).addAppender(audit);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger("sluice.audit.auth")).detachAppender(audit);
  }

  @Test
  void successIsAuditedWithoutThePassword() {
    Identity identity =
        service.authenticate(Credentials.password("alice", "alice-password", ADDRESS));

    assertThat(identity.groups()).containsExactly("analysts");
    assertThat(audit.list).hasSize(1);
    ILoggingEvent line = audit.list.get(0);
    assertThat(line.getFormattedMessage())
        .isEqualTo(
            "authentication outcome=success user=\"alice\" client=\"192.0.2.7\""
                + " credentials=password method=PASSWORD_FILE sluice_token=false")
        .doesNotContain("alice-password");
    assertThat(line.getKeyValuePairs())
        .extracting(pair -> pair.key + "=" + pair.value)
        .contains("outcome=success", "user=alice", "client=192.0.2.7", "method=PASSWORD_FILE");
  }

  @Test
  void failuresAreUniformForTheClientAndAuditedWithTheirReason() {
    AuthenticationException wrongPassword =
        failure(Credentials.password("alice", "wrong-password", ADDRESS));
    AuthenticationException unknownUser =
        failure(Credentials.password("mallory", "alice-password", ADDRESS));

    assertThat(wrongPassword.getMessage()).isEqualTo(unknownUser.getMessage());
    assertThat(audit.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "authentication outcome=failure user=\"alice\" client=\"192.0.2.7\""
                + " credentials=password reason=WRONG_PASSWORD delay_ms=0",
            "authentication outcome=failure user=\"mallory\" client=\"192.0.2.7\""
                + " credentials=password reason=UNKNOWN_USER delay_ms=0");
    assertThat(audit.list)
        .allSatisfy(
            line -> {
              assertThat(line.getFormattedMessage()).doesNotContain("wrong-password");
              assertThat(line.getFormattedMessage()).doesNotContain("alice-password");
            });
  }

  @Test
  void userNamesCannotForgeAuditLines() {
    failure(
        Credentials.password("eve\nauthentication outcome=success user=\"admin\"", "x", ADDRESS));

    assertThat(audit.list.get(0).getFormattedMessage())
        .startsWith(
            "authentication outcome=failure user=\"eve\\u000aauthentication outcome=success"
                + " user=\\\"admin\\\"\"")
        .doesNotContain("\n");
  }

  @Test
  void repeatedFailuresDelayTheNextAttemptsEvenWithTheRightPassword() {
    for (int i = 0; i < 4; i++) {
      failure(Credentials.password("alice", "wrong-password", ADDRESS));
    }
    assertThat(sleeps).containsExactly(Duration.ofMillis(250));

    failure(Credentials.password("alice", "wrong-password", "198.51.100.1"));
    service.authenticate(Credentials.password("alice", "alice-password", "198.51.100.2"));
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(audit.list.get(4).getFormattedMessage()).endsWith("delay_ms=500");

    // The success cleared alice's count.
    service.authenticate(Credentials.password("alice", "alice-password", "198.51.100.2"));
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void theSameCredentialsFromTheSameClientAreOneLogin() {
    List<io.sluice.security.audit.AuditRecord> records = new ArrayList<>();
    service.auditTo(records::add);
    // An HTTP client sends its password with every request.
    for (int request = 0; request < 3; request++) {
      service.authenticate(Credentials.password("alice", "alice-password", ADDRESS));
    }
    assertThat(records).hasSize(1);
    assertThat(audit.list)
        .filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.INFO)
        .hasSize(1);
    // Another client, or a failure in between, is audited each time.
    service.authenticate(Credentials.password("alice", "alice-password", "198.51.100.9"));
    failure(Credentials.password("alice", "wrong-password", ADDRESS));
    failure(Credentials.password("alice", "wrong-password", ADDRESS));
    assertThat(records).hasSize(4);
    assertThat(records.get(1).clientAddress()).isEqualTo("198.51.100.9");
    assertThat(audit.list).noneMatch(line -> line.getFormattedMessage().contains("alice-password"));
  }

  @Test
  void sluiceTokenLogsTheUserInAgainUntilTheUserIsRemoved() {
    List<io.sluice.security.audit.AuditRecord> records = new java.util.ArrayList<>();
    service.auditTo(records::add);
    Identity identity =
        service.authenticate(Credentials.password("alice", "alice-password", ADDRESS));
    String token = service.issueToken(identity);

    Identity fromToken = service.authenticate(Credentials.bearerToken(token, ADDRESS));
    assertThat(fromToken.user()).isEqualTo("alice");
    assertThat(fromToken.method()).isEqualTo(AuthenticationMethod.PASSWORD_FILE);
    assertThat(fromToken.fromSluiceToken()).isTrue();
    // Presenting the token again is not a login: logged at DEBUG only, never with the token.
    assertThat(audit.list)
        .filteredOn(line -> line.getLevel() != ch.qos.logback.classic.Level.DEBUG)
        .hasSize(1);
    assertThat(audit.list)
        .allSatisfy(line -> assertThat(line.getFormattedMessage()).doesNotContain(token));
    assertThat(records).hasSize(1);

    users.remove("alice");
    assertThat(failure(Credentials.bearerToken(token, ADDRESS)).reason())
        .isEqualTo(Reason.UNKNOWN_USER);
  }

  @Test
  void bearerTokenWithoutAnAuthenticatorForItFails() {
    AuthenticationException failure = failure(Credentials.bearerToken("a.b.c", ADDRESS));
    assertThat(failure.reason()).isEqualTo(Reason.UNSUPPORTED_CREDENTIALS);
    assertThat(audit.list.get(0).getFormattedMessage())
        .isEqualTo(
            "authentication outcome=failure user=- client=\"192.0.2.7\" credentials=bearer_token"
                + " reason=UNSUPPORTED_CREDENTIALS delay_ms=0");
  }

  @Test
  void laterAuthenticatorIsTriedWhenTheFirstDoesNotKnowTheUser() {
    Authenticator everyoneIsBob =
        new Authenticator() {
          @Override
          public Identity authenticate(Credentials credentials) {
            return Identity.of(
                "bob", Set.of(), Set.of(), Map.of(), AuthenticationMethod.OIDC_PASSWORD_GRANT);
          }

          @Override
          public Set<AuthenticationMethod> methods() {
            return Set.of(AuthenticationMethod.OIDC_PASSWORD_GRANT);
          }
        };
    AuthenticationService chained =
        new AuthenticationService(
            List.of(service.authenticators().get(0), everyoneIsBob),
            new LoginThrottle(LoginThrottleConfig.defaults(), clock),
            new TokenIssuer(TokenIssuerConfig.defaults(), clock),
            sleeps::add);

    assertThat(
            chained.authenticate(Credentials.password("alice", "alice-password", ADDRESS)).user())
        .isEqualTo("alice");
    assertThat(chained.authenticate(Credentials.password("bob", "bob-password", ADDRESS)).user())
        .isEqualTo("bob");
  }

  @Test
  void unexpectedFailureOfAnAuthenticatorStillGivesTheUniformMessage() {
    Authenticator broken =
        new Authenticator() {
          @Override
          public Identity authenticate(Credentials credentials) {
            throw new IllegalStateException("secret internals");
          }

          @Override
          public Set<AuthenticationMethod> methods() {
            return Set.of(AuthenticationMethod.OIDC_BEARER_TOKEN);
          }
        };
    AuthenticationService withBroken =
        new AuthenticationService(
            List.of(broken),
            new LoginThrottle(LoginThrottleConfig.defaults(), clock),
            new TokenIssuer(TokenIssuerConfig.defaults(), clock),
            sleeps::add);

    assertThatThrownBy(() -> withBroken.authenticate(Credentials.bearerToken("x", ADDRESS)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("Authentication failed");
  }

  @Test
  void credentialsNeverShowTheirSecrets() {
    assertThat(Credentials.password("alice", "alice-password", ADDRESS).toString())
        .doesNotContain("alice-password");
    assertThat(Credentials.bearerToken("eyJ.secret.token", ADDRESS).toString())
        .doesNotContain("secret");
  }

  private AuthenticationException failure(Credentials credentials) {
    try {
      service.authenticate(credentials);
    } catch (AuthenticationException failure) {
      return failure;
    }
    throw new AssertionError("Authentication should have failed");
  }
}
