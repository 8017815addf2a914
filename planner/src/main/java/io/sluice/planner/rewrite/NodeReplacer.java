package io.sluice.planner.rewrite;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * One walk over a statement's tree that replaces nodes where they stand (a table reference by its
 * policy subquery, a view by its query), each node visited once: the parser shares some nodes, such
 * as MERGE's target with its UPDATE.
 */
public abstract class NodeReplacer {
  private final Set<SqlNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  /** What replaces a node under its parent, or null to keep the node and look inside it. */
  protected abstract SqlNode replacement(SqlNode node, SqlNode parent);

  /** Called for each identifier the walk keeps. */
  protected void kept(SqlIdentifier identifier) {}

  /** Marks a node as visited, so that the walk does not look inside it. */
  protected final void visited(SqlNode node) {
    visited.add(node);
  }

  /** Replaces, in place, what {@link #replacement} replaces below the node. */
  public final void walk(SqlNode node) {
    if (node == null || !visited.add(node)) {
      return;
    }
    if (node instanceof SqlIdentifier identifier) {
      kept(identifier);
      return;
    }
    if (node instanceof SqlNodeList list) {
      for (int index = 0; index < list.size(); index++) {
        SqlNode item = list.get(index);
        SqlNode replacement = replacement(item, list);
        if (replacement != null) {
          list.set(index, replacement);
        } else {
          walk(item);
        }
      }
      return;
    }
    if (!(node instanceof SqlCall call)) {
      return;
    }
    List<SqlNode> operands = call.getOperandList();
    for (int index = 0; index < operands.size(); index++) {
      SqlNode operand = operands.get(index);
      if (operand == null) {
        continue;
      }
      SqlNode replacement = replacement(operand, call);
      if (replacement != null) {
        PolicyRewriter.replaceOperand(call, index, operand, replacement);
      } else {
        walk(operand);
      }
    }
  }
}
