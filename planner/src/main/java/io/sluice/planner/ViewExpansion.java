package io.sluice.planner;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.rewrite.NodeReplacer;
import io.sluice.planner.rewrite.PolicyRewriter;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Views read by a user whom policies govern: each reference to a view becomes the view's own query,
 * planned for that user (so the user's access, row filters and masks on the view's tables apply, as
 * they would had the user written the query) and named with the view's columns. Policies on the
 * view itself were applied before, around the reference, as to any table.
 *
 * <p>Super-users read views as Spark expands them. Views inside views are expanded in turn, to a
 * bounded depth, which also stops a view that reads itself.
 */
final class ViewExpansion extends NodeReplacer {
  /** Views inside views inside ...: deeper than this is refused. */
  static final int MAXIMUM_DEPTH = 8;

  /** Plans a view's query for the session's user, in the view's catalog and namespace. */
  interface ViewPlanner {
    SparkCommandPlanner.PlannedQuery plan(
        QualifiedName view, String sql, SessionContext session, int depth);
  }

  private static final SqlParserPos POSITION = SqlParserPos.ZERO;

  private final CatalogManager catalogs;
  private final ViewPlanner planner;
  private final SessionContext session;
  private final int depth;
  private final Map<SqlIdentifier, QualifiedName> views;
  private int replaced;
  private final Map<QualifiedName, SqlNode> plannedViews = new HashMap<>();
  private final Set<QualifiedName> tables = new LinkedHashSet<>();
  private final Set<Long> policyIds = new LinkedHashSet<>();

  private ViewExpansion(
      CatalogManager catalogs,
      ViewPlanner planner,
      SessionContext session,
      int depth,
      Map<SqlIdentifier, QualifiedName> views) {
    this.catalogs = catalogs;
    this.planner = planner;
    this.session = session;
    this.depth = depth;
    this.views = views;
  }

  /** What expanding the views of a statement added: the tables they read, the policies applied. */
  record Expanded(Set<QualifiedName> tables, Set<Long> policyIds) {
    static final Expanded NONE = new Expanded(Set.of(), Set.of());
  }

  /**
   * The statement's references to views, found in the client's tree before the policies are
   * applied: expansion replaces these very nodes, never a node the policies brought in (a row
   * filter's subquery has the positions of the policy's own text).
   *
   * @param references the statement's table references by position, views among them
   * @param targets the positions of the references the statement writes
   * @throws SluiceException when a view is written to
   */
  static Map<SqlIdentifier, QualifiedName> find(
      SqlNode statement,
      Map<SqlParserPos, QualifiedName> references,
      Set<SqlParserPos> targets,
      CatalogManager catalogs) {
    Map<SqlParserPos, QualifiedName> views = new HashMap<>();
    for (Map.Entry<SqlParserPos, QualifiedName> reference : references.entrySet()) {
      if (catalogs.view(reference.getValue()).isEmpty()) {
        continue;
      }
      if (targets.contains(reference.getKey())) {
        throw new SluiceException(
            ErrorCode.UNSUPPORTED_STATEMENT,
            "Cannot write to '"
                + reference.getValue()
                + "': it is a view; write to the tables it reads");
      }
      views.put(reference.getKey(), reference.getValue());
    }
    Map<SqlIdentifier, QualifiedName> found = new IdentityHashMap<>();
    if (!views.isEmpty()) {
      statement.accept(
          new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
              QualifiedName view = views.get(identifier.getParserPosition());
              if (view != null) {
                found.put(identifier, view);
              }
              return null;
            }
          });
    }
    return found;
  }

  /**
   * Expands, in place, the statement's references to views.
   *
   * @param views the references, as {@link #find} found them
   * @param depth how many views the statement is inside already
   * @throws SluiceException when a view has no Spark SQL, views nest too deep, or a view's query is
   *     not allowed for the user
   */
  static Expanded expand(
      SqlNode statement,
      Map<SqlIdentifier, QualifiedName> views,
      SessionContext session,
      CatalogManager catalogs,
      ViewPlanner planner,
      int depth) {
    if (views.isEmpty()) {
      return Expanded.NONE;
    }
    if (depth >= MAXIMUM_DEPTH) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot read view '"
              + views.values().iterator().next()
              + "': views are nested more than "
              + MAXIMUM_DEPTH
              + " deep, or a view reads itself");
    }
    ViewExpansion expansion = new ViewExpansion(catalogs, planner, session, depth, views);
    expansion.walk(statement);
    if (expansion.replaced != views.size()) {
      // A view left in place would be expanded by Spark, with none of its tables' policies.
      throw new IllegalStateException(
          "Cannot expand the views of the statement: "
              + views.size()
              + " references, "
              + expansion.replaced
              + " found");
    }
    return new Expanded(Set.copyOf(expansion.tables), Set.copyOf(expansion.policyIds));
  }

  /** The view's query in place of a reference to it, or null for any other node. */
  @Override
  protected SqlNode replacement(SqlNode node, SqlNode parent) {
    if (!(node instanceof SqlIdentifier identifier)) {
      return null;
    }
    QualifiedName view = views.get(identifier);
    if (view == null) {
      return null;
    }
    replaced++;
    if (parent instanceof SqlCall call && call.getKind() == SqlKind.SNAPSHOT) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot read view '" + view + "' as of a version or time: views have no snapshots");
    }
    // SELECT * FROM (<the view's query>) AS v (its columns): the view's column names, whatever
    // its query calls them.
    SqlNode named =
        SqlStdOperatorTable.AS.createCall(POSITION, viewNameAndColumns(view, planned(view)));
    SqlSelect body =
        PolicyRewriter.select(SqlNodeList.of(SqlIdentifier.star(POSITION)), named, null);
    if (parent instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      return body;
    }
    return SqlStdOperatorTable.AS.createCall(
        POSITION, body, new SqlIdentifier(view.table(), POSITION));
  }

  private List<SqlNode> viewNameAndColumns(QualifiedName view, SqlNode query) {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(query);
    operands.add(new SqlIdentifier(view.table(), POSITION));
    for (ColumnMetadata column : catalogs.table(view).orElseThrow().columns()) {
      operands.add(new SqlIdentifier(column.name(), POSITION));
    }
    return operands;
  }

  /** The view's query, planned for the user; each view once per statement. */
  private SqlNode planned(QualifiedName view) {
    SqlNode planned = plannedViews.get(view);
    if (planned != null) {
      return planned;
    }
    CatalogManager.ViewDefinition definition =
        catalogs
            .view(view)
            .orElseThrow(
                () ->
                    new SluiceException(
                        ErrorCode.TABLE_NOT_FOUND,
                        "Cannot read view '" + view + "': it was dropped while being read"));
    if (definition.sql() == null) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot read view '" + view + "': it has no definition in Spark SQL");
    }
    SparkCommandPlanner.PlannedQuery query =
        planner.plan(
            view,
            definition.sql(),
            session.withNamespace(definition.catalog(), definition.namespace()),
            depth + 1);
    tables.addAll(query.tables());
    policyIds.addAll(query.policyIds());
    plannedViews.put(view, query.query());
    return query.query();
  }
}
