package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Views, for a user whom policies govern: the view's query is planned for that user, so the user
 * needs access to the view and to its tables, whose row filters and masks apply inside it; the
 * view's own policies apply around it. Super-users read views as Spark expands them.
 */
class TestViews extends PlannerTestBase {
  @BeforeAll
  static void createViews() throws Exception {
    catalog.catalog().createNamespace(Namespace.of("marts"));
    view(
        "marts",
        "nations",
        "SELECT n_name AS name, n_comment AS note, r_name AS region FROM nation"
            + " JOIN region ON n_regionkey = r_regionkey",
        Types.NestedField.optional(1, "name", Types.StringType.get()),
        Types.NestedField.optional(2, "note", Types.StringType.get()),
        Types.NestedField.optional(3, "region", Types.StringType.get()));
    view(
        "marts",
        "asian_nations",
        "SELECT name FROM marts.nations WHERE region = 'ASIA'",
        Types.NestedField.optional(1, "name", Types.StringType.get()));
    view(
        "marts",
        "regio",
        "SELECT r_regionkey FROM region",
        Types.NestedField.optional(1, "r_regionkey", Types.LongType.get()));
    view(
        "marts",
        "loop",
        "SELECT * FROM marts.loop",
        Types.NestedField.optional(1, "x", Types.IntegerType.get()));
  }

  private static void view(String schema, String name, String sql, Types.NestedField... columns) {
    catalog
        .catalog()
        .buildView(TableIdentifier.of(schema, name))
        .withSchema(new Schema(columns))
        .withDefaultCatalog("lakehouse")
        .withDefaultNamespace(Namespace.of("tpch"))
        .withQuery("spark", sql)
        .create();
  }

  private static TestingAccessControl.Builder allowed() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch", 1)
        .allow(USER, AccessType.SELECT, "marts", 2);
  }

  @Test
  void theViewsTablesReadThroughTheUsersPolicies() {
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "tpch.region", "r_regionkey = 2", 10)
            .mask(USER, "tpch.nation.n_comment", MaskType.MASK_NULL, 11)
            .build();

    PlannedStatement planned = planner(access).plan("SELECT name, note FROM marts.nations v", TPCH);

    assertThat(planned.engineSql().orElseThrow())
        .isEqualTo(
            "SELECT `name`, `note`\n"
                + "FROM (SELECT *\n"
                + "    FROM (SELECT `n_name` AS `name`, `n_comment` AS `note`, `r_name` AS `region`\n"
                + "        FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, CAST(NULL AS STRING)"
                + " AS `n_comment`\n"
                + "            FROM `lakehouse`.`tpch`.`nation`) AS `nation` INNER JOIN (SELECT"
                + " `r_regionkey`, `r_name`, `r_comment`\n"
                + "            FROM `lakehouse`.`tpch`.`region`\n"
                + "            WHERE `r_regionkey` = 2) AS `region` ON `n_regionkey` ="
                + " `r_regionkey`) AS `nations` (`name`, `note`, `region`)) AS `v`");
    assertThat(planned.policyIds()).contains(10L, 11L);
    assertThat(planned.tables())
        .containsExactlyInAnyOrder(
            TestingCatalog.tpch("nation"),
            TestingCatalog.tpch("region"),
            new io.sluice.spi.QualifiedName("lakehouse", "marts", "nations"));
  }

  @Test
  void theViewsOwnPoliciesApplyAroundIt() {
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "marts.nations", "region <> 'EUROPE'", 20)
            .mask(USER, "marts.nations.note", MaskType.MASK_NULL, 21)
            .build();

    String sql = plan(access, "SELECT * FROM marts.nations");

    assertThat(sql)
        .startsWith(
            "SELECT *\n"
                + "FROM (SELECT `name`, CAST(NULL AS STRING) AS `note`, `region`\n"
                + "    FROM (SELECT *\n"
                + "        FROM (SELECT `n_name` AS `name`")
        .endsWith(
            "AS `nations` (`name`, `note`, `region`)) AS `nations`\n"
                + "    WHERE `region` <> 'EUROPE') AS `nations`");
  }

  @Test
  void onlyTheClientsViewReferencesAreExpandedNotTheTablesOfAPolicy() {
    // The row filter's own text names tpch.region at line 1, columns 41 to 51; the client's view
    // reference stands at the same place. Expansion replaces the client's reference only.
    String filter = "n_regionkey IN (SELECT r_regionkey FROM tpch.region)";
    String sql = "SELECT n_name FROM tpch.nation,         marts.regio";
    assertThat(sql.indexOf("marts.regio")).isEqualTo(filter.indexOf("tpch.region"));
    TestingAccessControl access = allowed().rowFilter(USER, "tpch.nation", filter, 10).build();

    String planned = plan(access, sql);

    assertThat(planned)
        .contains("WHERE `n_regionkey` IN (SELECT `r_regionkey`\n")
        .contains("FROM `lakehouse`.`tpch`.`region`)")
        .containsOnlyOnce("AS `regio` (`r_regionkey`)");
    assertThat(plan(access, sql)).isEqualTo(planned);
  }

  @Test
  void viewsInsideViewsAreExpandedInTurn() {
    String sql = plan(allowed().build(), "SELECT count(*) FROM marts.asian_nations");

    assertThat(sql)
        .contains("FROM `lakehouse`.`tpch`.`nation`")
        .contains("AS `nations` (`name`, `note`, `region`)")
        .contains("AS `asian_nations` (`name`)");
  }

  @Test
  void theUserNeedsAccessToTheViewsTables() {
    TestingAccessControl viewOnly =
        TestingAccessControl.builder()
            .allow(USER, AccessType.SELECT, "marts", 2)
            .allow(USER, AccessType.SELECT, "tpch.nation", 3)
            .build();

    assertThatThrownBy(() -> plan(viewOnly, "SELECT name FROM marts.nations"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("region");
  }

  @Test
  void aColumnOfTheViewTheUserMayNotReadIsDenied() {
    TestingAccessControl access =
        allowed().deny(USER, AccessType.SELECT, "marts.nations.note", 30).build();

    assertThat(plan(access, "SELECT name FROM marts.nations")).contains("`n_comment` AS `note`");
    assertThatThrownBy(() -> plan(access, "SELECT note FROM marts.nations"))
        .hasMessageContaining("Access denied")
        .hasMessageContaining("note");
  }

  @Test
  void superUsersReadViewsAsSparkExpandsThem() {
    TestingAccessControl access = TestingAccessControl.builder().superUser(USER).build();

    assertThat(plan(access, "SELECT name FROM marts.nations"))
        .isEqualTo("SELECT `name`\nFROM `lakehouse`.`marts`.`nations`");
  }

  @Test
  void aViewThatReadsItselfIsRefused() {
    assertThatThrownBy(() -> plan(allowed().build(), "SELECT * FROM marts.loop"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("nested more than 8 deep, or a view reads itself");
  }

  @Test
  void viewsCannotBeWrittenToOrReadAsOfATime() {
    TestingAccessControl access = allowed().allow(USER, AccessType.UPDATE, "marts", 4).build();

    assertThatThrownBy(() -> plan(access, "INSERT INTO marts.nations VALUES ('x', 'y', 'z')"))
        .hasMessageContaining("it is a view");
    assertThatThrownBy(() -> plan(access, "SELECT * FROM marts.nations VERSION AS OF 'v1'"))
        .hasMessageContaining("views have no snapshots");
  }

  @Test
  void everyExpandedViewIsReadBySparksParser() throws Exception {
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "marts.nations", "region <> 'EUROPE'", 20)
            .mask(USER, "tpch.nation.n_comment", MaskType.MASK_NULL, 11)
            .build();
    List<String> planned =
        List.of(
            plan(access, "SELECT * FROM marts.nations"),
            plan(
                access,
                "SELECT a.name FROM marts.asian_nations a JOIN marts.nations n USING (name)"),
            plan(
                access,
                "SELECT name FROM marts.nations WHERE name IN (SELECT name FROM marts.asian_nations)"));

    assertSparkReads("views", planned);
  }

  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;
}
