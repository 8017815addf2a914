package io.sluice.planner.parse;

import java.util.List;

/**
 * A {@code USE} statement: {@code USE [DATABASE | SCHEMA | NAMESPACE] [catalog.]schema}.
 *
 * @param nameParts one part (a schema of the current catalog, or a catalog) or two (catalog and
 *     schema), as written, without quotes
 * @param namespaceKeyword whether DATABASE, SCHEMA or NAMESPACE was written; Spark then reads a
 *     single part as a schema even when a catalog has that name
 */
public record UseStatement(List<String> nameParts, boolean namespaceKeyword) {
  public UseStatement {
    nameParts = List.copyOf(nameParts);
    if (nameParts.isEmpty() || nameParts.size() > 2) {
      throw new IllegalArgumentException("USE names one or two parts, not " + nameParts);
    }
  }
}
