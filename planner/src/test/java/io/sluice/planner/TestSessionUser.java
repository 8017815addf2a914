package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.security.access.RequestContext;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code current_user()} and its synonyms return the session's user, not the engine's service user:
 * the engine receives the user name as a literal.
 */
class TestSessionUser {
  /** A user name with both characters Spark's string literals escape. */
  private static final String AWKWARD_USER = "o'neil\\x";

  private static final String AWKWARD_LITERAL = "'o\\'neil\\\\x'";

  private static final SessionContext AUDIT =
      TestingCatalog.session("lakehouse", "audit", "analyst");

  @TempDir static Path directory;
  private static TestingCatalog catalog;
  private static Planner planner;

  @BeforeAll
  static void createCatalog() throws Exception {
    catalog = TestingCatalog.createWithTpch(directory);
    catalog.catalog().createNamespace(Namespace.of("audit"));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("audit", "logins"),
            new Schema(
                Types.NestedField.optional(1, "user", Types.StringType.get()),
                Types.NestedField.optional(2, "host", Types.StringType.get())));
    planner =
        new Planner(catalog.catalogManager(Duration.ofMinutes(1)), TestingAccessControl.allowAll());
  }

  @AfterAll
  static void closeCatalog() throws Exception {
    catalog.close();
  }

  @Test
  void everyFormOfTheFunctionIsTheSessionUser() {
    assertThat(
            engineSql(
                "SELECT current_user(), CURRENT_USER(), user(), session_user(), `current_user`(),"
                    + " current_user, USER, Session_User"))
        .isEqualTo(
            "SELECT 'analyst' AS `current_user()`, 'analyst' AS `current_user()`,"
                + " 'analyst' AS `current_user()`, 'analyst' AS `current_user()`,"
                + " 'analyst' AS `current_user()`, 'analyst' AS `current_user()`,"
                + " 'analyst' AS `current_user()`, 'analyst' AS `current_user()`");
  }

  @Test
  void userNameIsEscapedAsASparkStringLiteral() {
    SessionContext session = TestingCatalog.session("lakehouse", "audit", AWKWARD_USER);

    assertThat(planner.plan("SELECT current_user(), user", session).engineSql())
        .hasValue(
            "SELECT "
                + AWKWARD_LITERAL
                + " AS `current_user()`, "
                + AWKWARD_LITERAL
                + " AS `current_user()`");
    assertThat(planner.plan("SELECT host FROM logins WHERE user = user()", session).engineSql())
        .hasValue(
            "SELECT `host`\nFROM `lakehouse`.`audit`.`logins`\nWHERE `logins`.`user` = "
                + AWKWARD_LITERAL);
  }

  @Test
  void resultColumnIsANonNullStringNamedAsSparkNamesIt() {
    PlannedStatement planned =
        planner.plan("SELECT current_user(), user() AS me, upper(session_user)", AUDIT);

    assertThat(planned.resultColumns())
        .extracting(
            ColumnMetadata::name, column -> column.type().sparkName(), ColumnMetadata::nullable)
        .containsExactly(
            tuple("current_user()", "string", false),
            tuple("me", "string", false),
            tuple("EXPR$2", "string", false));
    assertThat(planned.engineSql())
        .hasValue("SELECT 'analyst' AS `current_user()`, 'analyst' AS `me`, UPPER('analyst')");
  }

  @Test
  void functionIsReplacedInEveryClauseAndSubquery() {
    assertThat(
            engineSql(
                "WITH mine AS (SELECT host FROM logins WHERE logins.user = current_user())"
                    + " SELECT l.host, count(*) FROM logins AS l"
                    + " JOIN mine ON l.host = mine.host AND user() IS NOT NULL"
                    + " WHERE l.user IN (SELECT session_user()) OR EXISTS"
                    + " (SELECT 1 FROM (SELECT current_user() AS who) AS w WHERE w.who = user)"
                    + " GROUP BY l.host, current_user()"
                    + " HAVING max(CASE WHEN l.user = current_user THEN 1 ELSE 0 END) = 1"
                    + " ORDER BY concat(current_user(), l.host)"))
        .isEqualTo(
            "WITH `mine` AS (SELECT `host`\n"
                + "    FROM `lakehouse`.`audit`.`logins`\n"
                + "    WHERE `logins`.`user` = 'analyst') SELECT `l`.`host`, COUNT(*)\n"
                + "    FROM `lakehouse`.`audit`.`logins` AS `l` INNER JOIN `mine`"
                + " ON `l`.`host` = `mine`.`host` AND 'analyst' IS NOT NULL\n"
                + "    WHERE `l`.`user` IN (SELECT 'analyst' AS `current_user()`)\n"
                + "      OR EXISTS (SELECT 1\n"
                + "        FROM (SELECT 'analyst' AS `who`) AS `w`\n"
                + "        WHERE `w`.`who` = 'analyst')\n"
                + "    GROUP BY `l`.`host`, 'analyst'\n"
                + "    HAVING MAX(CASE WHEN `l`.`user` = 'analyst' THEN 1 ELSE 0 END) = 1\n"
                + "ORDER BY CONCAT('analyst', `l`.`host`)");
  }

  @Test
  void functionIsReplacedInDml() {
    assertThat(engineSql("INSERT INTO logins VALUES (current_user(), 'desk'), (user, 'laptop')"))
        .isEqualTo(
            "INSERT INTO `lakehouse`.`audit`.`logins`\n"
                + "VALUES ('analyst', 'desk'),\n    ('analyst', 'laptop')");
    assertThat(engineSql("UPDATE logins SET host = session_user() WHERE host = current_user"))
        .isEqualTo(
            "UPDATE `lakehouse`.`audit`.`logins` SET `host` = 'analyst'\nWHERE `host` = 'analyst'");
    assertThat(
            engineSql(
                "MERGE INTO logins AS t USING (SELECT current_user() AS u) AS s ON t.user = s.u"
                    + " WHEN MATCHED THEN UPDATE SET host = user()"))
        .isEqualTo(
            "MERGE INTO `lakehouse`.`audit`.`logins` AS `t`\n"
                + "USING (SELECT 'analyst' AS `u`) AS `s`\n"
                + "ON `t`.`user` = `s`.`u`\n"
                + "WHEN MATCHED THEN UPDATE SET `host` = 'analyst'");
  }

  @Test
  void bareNameOfAColumnStaysTheColumnAsInSpark() {
    // Spark reads a bare user as the column when there is one; replacing it would turn this
    // DELETE into one that removes every row.
    assertThat(engineSql("DELETE FROM logins WHERE user = 'alice'"))
        .isEqualTo("DELETE FROM `lakehouse`.`audit`.`logins`\nWHERE `logins`.`user` = 'alice'");
    PlannedStatement planned = planner.plan("SELECT user, `user` FROM logins", AUDIT);
    assertThat(planned.engineSql())
        .hasValue("SELECT `logins`.`user`, `logins`.`user`\nFROM `lakehouse`.`audit`.`logins`");
    assertThat(planned.resultColumns())
        .extracting(ColumnMetadata::name, ColumnMetadata::nullable)
        .containsExactly(tuple("user", true), tuple("user", true));
  }

  @Test
  void bareNameWithoutSuchAColumnIsTheSessionUser() {
    assertThat(engineSql("SELECT n_name FROM tpch.nation WHERE user = 'alice'"))
        .isEqualTo("SELECT `n_name`\nFROM `lakehouse`.`tpch`.`nation`\nWHERE 'analyst' = 'alice'");
    assertThat(engineSql("SELECT host AS user, user FROM logins AS l, tpch.region"))
        .startsWith("SELECT `host` AS USER, `l`.`user`");
  }

  @Test
  void bareNameIsAColumnOfItsOwnQueryOnlyAsInSpark() {
    // Spark looks a bare name up in the subquery's own tables only, then calls the function.
    assertThat(engineSql("SELECT (SELECT max(user) FROM tpch.region) FROM logins"))
        .isEqualTo(
            "SELECT (SELECT MAX('analyst')\n"
                + "    FROM `lakehouse`.`tpch`.`region`)\n"
                + "FROM `lakehouse`.`audit`.`logins`");
    assertThat(
            engineSql(
                "SELECT host FROM tpch.region"
                    + " JOIN logins ON host IN (SELECT host FROM logins AS l WHERE user = r_name)"))
        .endsWith("WHERE `l`.`user` = `r_name`)");
  }

  @Test
  void aliasNamedUserInOrderByStaysTheAlias() {
    assertThat(engineSql("SELECT host AS user FROM logins ORDER BY user"))
        .isEqualTo("SELECT `host` AS USER\nFROM `lakehouse`.`audit`.`logins`\nORDER BY USER");
  }

  @Test
  void bareNameThatSparkWouldReadAsTheFunctionIsRefused() {
    for (String sql :
        new String[] {
          "SELECT r_name AS user, count(*) FROM tpch.region GROUP BY user",
          "SELECT max(r_name) AS user FROM tpch.region HAVING user = 'x'",
          "SELECT user FROM (SELECT 'q' AS user)",
          "SELECT user FROM logins JOIN logins AS other USING (user)"
        }) {
      assertThatThrownBy(() -> planner.plan(sql, AUDIT))
          .as(sql)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION_ERROR))
          .hasMessageContaining("'user' (line 1, column ")
          .hasMessageContaining("qualify the column")
          .hasMessageContaining("write current_user()");
    }
  }

  @Test
  void statementWithTooManyBareNamesIsRefused() {
    // Each bare name that is the function costs one more validation.
    String sql =
        "SELECT " + String.join(", ", Collections.nCopies(65, "user")) + " FROM tpch.region";

    assertThatThrownBy(() -> planner.plan(sql, AUDIT))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("more than 64 times; write current_user() instead");
    assertThat(engineSql("SELECT " + String.join(", ", Collections.nCopies(64, "user"))))
        .startsWith("SELECT 'analyst' AS `current_user()`, 'analyst'");
  }

  @Test
  void namesThatAreNotExpressionsAreLeftAlone() {
    assertThat(
            engineSql(
                "WITH user AS (SELECT 1 AS c) SELECT v.c FROM user AS v"
                    + " CROSS JOIN (SELECT 2) AS w (user)"))
        .isEqualTo(
            "WITH USER AS (SELECT 1 AS `c`) SELECT `v`.`c`\n"
                + "    FROM USER AS `v` CROSS JOIN (SELECT 2) AS `w` (USER)");
    assertThat(engineSql("INSERT INTO logins (user, host) VALUES ('bob', user)"))
        .isEqualTo(
            "INSERT INTO `lakehouse`.`audit`.`logins` (USER, `host`)\n"
                + "VALUES ('bob', 'analyst')");
  }

  @Test
  void useKeepsTheSessionUser() {
    assertThat(planner.plan("USE tpch", AUDIT).newSessionContext())
        .hasValue(TestingCatalog.session("lakehouse", "tpch", "analyst"));
  }

  @Test
  void sessionContextRequiresAUser() {
    RequestContext request = AUDIT.request();
    assertThatThrownBy(() -> new SessionContext("lakehouse", "tpch", null, request))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("identity");
    assertThatThrownBy(() -> TestingCatalog.session("lakehouse", "tpch", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user name is blank");
  }

  @Test
  void sessionContextKeepsItsUserWhenTheIdentityIsRefreshed() {
    Identity refreshed =
        Identity.of(
            "analyst", Set.of("auditors"), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE);

    assertThat(AUDIT.withIdentity(refreshed).identity().groups()).containsExactly("auditors");
    assertThat(AUDIT.withIdentity(refreshed).user()).isEqualTo("analyst");
    assertThatThrownBy(
            () ->
                AUDIT.withIdentity(
                    Identity.of(
                        "mallory",
                        Set.of(),
                        Set.of(),
                        Map.of(),
                        AuthenticationMethod.PASSWORD_FILE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A session's user never changes");
  }

  private static String engineSql(String sql) {
    return planner.plan(sql, AUDIT).engineSql().orElseThrow();
  }
}
