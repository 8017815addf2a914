package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Apache Ranger's own Hive policy export ({@code hive-policies-example.json}, service {@code
 * cl1_hive}) in force on the real engine, over both protocols: the exact rows each of its users
 * reads from {@code rangerauthz.words} — bob everything, dave through the row filter {@code count
 * >= '80'}, jane with {@code word} hashed, group IT only the {@code count} column and the {@code
 * *_tmp_*} tables, tom nothing — and who may write.
 *
 * <p>The export's bob is renamed {@code hive_bob}: the shared gateway's Keycloak has a bob too.
 */
class TestHivePolicyExport {
  private static final Schema WORDS =
      new Schema(
          Types.NestedField.optional(1, "word", Types.StringType.get()),
          Types.NestedField.optional(2, "count", Types.IntegerType.get()));
  private static final String ORDERED = " FROM rangerauthz.words ORDER BY `count` DESC";

  private static GatewayServer server;
  private static AutoCloseable policies;

  @BeforeAll
  static void install() throws Exception {
    server = TestingGateway.shared();
    TestingPolicies.table(
        server,
        "rangerauthz",
        "words",
        WORDS,
        List.of(List.of("apple", 100), List.of("Banana", 80), List.of("cherry", 79)));
    TestingPolicies.table(
        server, "rangerauthz", "scratch_tmp_words", WORDS, List.of(List.of("tmp", 1)));
    TestingPolicies.table(server, "rangerauthz", "words_copy", WORDS, List.of());
    TestingPolicies.users(
        server,
        Map.of(
            "hive_bob", Set.of(),
            "dave", Set.of(),
            "jane", Set.of(),
            "tom", Set.of(),
            "it_person", Set.of("IT"),
            "da_test_user", Set.of()));
    policies =
        TestingPolicies.install(
            server,
            TestingPolicies.resource("ranger/hive-policies-example.json")
                .replace("\"bob\"", "\"hive_bob\""));
  }

  @AfterAll
  static void restore() throws Exception {
    policies.close();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void eachUserReadsWhatThePoliciesGrant(Protocol protocol) throws Exception {
    List<List<String>> all =
        List.of(List.of("apple", "100"), List.of("Banana", "80"), List.of("cherry", "79"));
    try (Connection bob = connect(protocol, "hive_bob");
        Connection dave = connect(protocol, "dave");
        Connection jane = connect(protocol, "jane");
        Connection it = connect(protocol, "it_person");
        Connection admin = connect(protocol, "da_test_user")) {
      assertThat(ResultRows.query(bob, "SELECT word, `count`" + ORDERED)).isEqualTo(all);
      assertThat(ResultRows.query(admin, "SELECT *" + ORDERED)).isEqualTo(all);
      // Policy 27: dave's rows pass count >= '80', applied once whatever the query does.
      assertThat(ResultRows.query(dave, "SELECT *" + ORDERED)).isEqualTo(all.subList(0, 2));
      assertThat(
              ResultRows.query(
                  dave,
                  "SELECT count(*) FROM rangerauthz.words w1 JOIN rangerauthz.words w2"
                      + " ON w1.word = w2.word"))
          .containsExactly(List.of("2"));
      // Policy 28: jane reads word hashed (SHA-256, as Hive's mask_hash), in WHERE too.
      assertThat(ResultRows.query(jane, "SELECT word, `count`" + ORDERED))
          .containsExactly(
              List.of(sha256("apple"), "100"),
              List.of(sha256("Banana"), "80"),
              List.of(sha256("cherry"), "79"));
      assertThat(
              ResultRows.query(jane, "SELECT `count` FROM rangerauthz.words WHERE word = 'apple'"))
          .isEmpty();
      // Policies 25 and 26: group IT reads the count column and the *_tmp_* tables only.
      assertThat(ResultRows.query(it, "SELECT `count`" + ORDERED))
          .containsExactly(List.of("100"), List.of("80"), List.of("79"));
      assertThat(ResultRows.query(it, "SELECT * FROM rangerauthz.scratch_tmp_words"))
          .containsExactly(List.of("tmp", "1"));
      assertDenied(
          it,
          "SELECT word FROM rangerauthz.words",
          "it_person cannot select rangerauthz.words.word");
      assertDenied(it, "SELECT *" + ORDERED, "it_person cannot select rangerauthz.words.word");
      assertDenied(
          dave,
          "SELECT * FROM rangerauthz.scratch_tmp_words",
          "dave cannot select rangerauthz.scratch_tmp_words");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void usersWithoutAGrantAreRefused(Protocol protocol) throws Exception {
    try (Connection tom = connect(protocol, "tom")) {
      assertDenied(
          tom, "SELECT `count` FROM rangerauthz.words", "tom cannot select rangerauthz.words");
      // The session stays usable.
      assertThat(ResultRows.query(tom, "SELECT 1")).containsExactly(List.of("1"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void writesNeedUpdateOnTheTarget(Protocol protocol) throws Exception {
    try (Connection dave = connect(protocol, "dave");
        Connection admin = connect(protocol, "da_test_user")) {
      assertDenied(
          dave,
          "INSERT INTO rangerauthz.words_copy SELECT * FROM rangerauthz.words",
          "dave cannot update rangerauthz.words_copy");
      long before =
          Long.parseLong(
              ResultRows.query(admin, "SELECT count(*) FROM rangerauthz.words_copy").get(0).get(0));
      try (var statement = admin.createStatement()) {
        statement.execute(
            "INSERT INTO rangerauthz.words_copy SELECT * FROM rangerauthz.words WHERE `count` > 90");
      }
      assertThat(ResultRows.query(admin, "SELECT count(*) FROM rangerauthz.words_copy"))
          .containsExactly(List.of(Long.toString(before + 1)));
    }
  }

  enum Protocol {
    FLIGHT_SQL,
    JDBC_SLUICE
  }

  static Connection connect(Protocol protocol, String user) throws SQLException {
    return connect(protocol, user, TestingPolicies.PASSWORD);
  }

  static Connection connect(Protocol protocol, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    GatewayServer server = TestingGateway.shared();
    return DriverManager.getConnection(
        protocol == Protocol.FLIGHT_SQL
            ? "jdbc:arrow-flight-sql://127.0.0.1:"
                + server.flightSqlPort()
                + "/?useEncryption=false"
            : "jdbc:sluice://127.0.0.1:" + server.httpPort(),
        properties);
  }

  static void assertDenied(Connection connection, String sql, String what) {
    assertThatThrownBy(() -> ResultRows.query(connection, sql))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Access denied: user " + what);
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
