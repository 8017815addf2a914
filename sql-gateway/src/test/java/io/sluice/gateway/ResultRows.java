package io.sluice.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JDBC results into comparable rows. Each driver returns the same value in its own Java type
 * (a count as Long or BigDecimal, a date as Date or LocalDate); rows are normalized to text so that
 * the engine's answer through Sluice and straight from Spark compare exactly.
 */
public final class ResultRows {
  private ResultRows() {}

  public static List<List<String>> query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      return read(resultSet);
    }
  }

  public static List<List<String>> read(ResultSet resultSet) throws SQLException {
    ResultSetMetaData metadata = resultSet.getMetaData();
    List<List<String>> rows = new ArrayList<>();
    while (resultSet.next()) {
      List<String> row = new ArrayList<>(metadata.getColumnCount());
      for (int column = 1; column <= metadata.getColumnCount(); column++) {
        row.add(normalize(resultSet.getObject(column)));
      }
      rows.add(row);
    }
    return rows;
  }

  static String normalize(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return new BigDecimal(number).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).toPlainString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    if (value instanceof LocalDate || value instanceof LocalDateTime) {
      return value.toString();
    }
    return value.toString();
  }

  /** A TPC-H query text from the planner's test resources (the same texts its golden files use). */
  public static String tpchQuery(int number) {
    String name = String.format("/tpch/queries/q%02d.sql", number);
    try (InputStream input = ResultRows.class.getResourceAsStream(name)) {
      if (input == null) {
        throw new IllegalStateException("Missing TPC-H query resource " + name);
      }
      return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
