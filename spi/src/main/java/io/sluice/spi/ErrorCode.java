package io.sluice.spi;

/**
 * Stable error codes. The number and the name never change once released; clients may match on
 * them. Each code belongs to one {@link ErrorKind} and carries the SQLSTATE that JDBC clients see.
 */
public enum ErrorCode {
  SYNTAX_ERROR(1, ErrorKind.USER_ERROR, "42000"),
  TABLE_NOT_FOUND(2, ErrorKind.USER_ERROR, "42S02"),
  COLUMN_NOT_FOUND(3, ErrorKind.USER_ERROR, "42S22"),
  SCHEMA_NOT_FOUND(4, ErrorKind.USER_ERROR, "3F000"),
  CATALOG_NOT_FOUND(5, ErrorKind.USER_ERROR, "3D000"),
  VALIDATION_ERROR(6, ErrorKind.USER_ERROR, "42000"),
  UNSUPPORTED_STATEMENT(7, ErrorKind.USER_ERROR, "0A000"),
  INVALID_PARAMETER(8, ErrorKind.USER_ERROR, "22023"),
  SESSION_NOT_FOUND(9, ErrorKind.USER_ERROR, "08003"),
  STATEMENT_NOT_FOUND(10, ErrorKind.USER_ERROR, "26000"),
  QUERY_CANCELLED(11, ErrorKind.USER_ERROR, "57014"),
  INVALID_CONFIGURATION(12, ErrorKind.USER_ERROR, "F0000"),

  AUTHENTICATION_FAILED(200, ErrorKind.UNAUTHENTICATED, "28000"),
  ACCESS_DENIED(201, ErrorKind.ACCESS_DENIED, "42501"),

  ENGINE_START_FAILED(100, ErrorKind.ENGINE_FAILURE, "08001"),
  ENGINE_LOST(101, ErrorKind.ENGINE_FAILURE, "08006"),
  ENGINE_QUERY_FAILED(102, ErrorKind.ENGINE_FAILURE, "HY000"),

  INTERNAL_ERROR(900, ErrorKind.INTERNAL, "XX000");

  private final int code;
  private final ErrorKind kind;
  private final String sqlState;

  ErrorCode(int code, ErrorKind kind, String sqlState) {
    this.code = code;
    this.kind = kind;
    this.sqlState = sqlState;
  }

  public int code() {
    return code;
  }

  public ErrorKind kind() {
    return kind;
  }

  public String sqlState() {
    return sqlState;
  }
}
