package io.sluice.planner.validate;

import io.sluice.planner.SessionContext;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Resolves table names as Spark does for a session: {@code table} in the current schema, {@code
 * schema.table} in the current catalog, {@code catalog.schema.table} from the root; every name
 * case-insensitively.
 */
final class SessionCatalogReader extends CalciteCatalogReader {
  private static final CalciteConnectionConfig CONFIG = caseInsensitive();

  SessionCatalogReader(
      CalciteSchema rootSchema, SessionContext session, RelDataTypeFactory typeFactory) {
    super(
        rootSchema,
        SqlNameMatchers.withCaseSensitive(false),
        List.of(
            List.of(session.catalog(), session.schema()), List.of(session.catalog()), List.of()),
        typeFactory,
        CONFIG);
  }

  private static CalciteConnectionConfig caseInsensitive() {
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    return new CalciteConnectionConfigImpl(properties);
  }
}
