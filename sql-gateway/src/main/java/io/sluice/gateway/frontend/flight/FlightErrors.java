package io.sluice.gateway.frontend.flight;

import io.sluice.spi.SluiceException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;

/** Maps Sluice's errors onto Flight statuses, once, for the whole Flight SQL frontend. */
final class FlightErrors {
  static final String ERROR_CODE_HEADER = "sluice-error-code";

  private FlightErrors() {}

  static FlightRuntimeException toFlight(SluiceException failure) {
    CallStatus status =
        switch (failure.errorCode()) {
          case TABLE_NOT_FOUND,
                  COLUMN_NOT_FOUND,
                  SCHEMA_NOT_FOUND,
                  CATALOG_NOT_FOUND,
                  SESSION_NOT_FOUND,
                  STATEMENT_NOT_FOUND ->
              CallStatus.NOT_FOUND;
          case QUERY_CANCELLED -> CallStatus.CANCELLED;
          case ENGINE_START_FAILED, ENGINE_LOST -> CallStatus.UNAVAILABLE;
          case ENGINE_QUERY_FAILED -> CallStatus.UNKNOWN;
          case INTERNAL_ERROR -> CallStatus.INTERNAL;
          default ->
              switch (failure.kind()) {
                case USER_ERROR -> CallStatus.INVALID_ARGUMENT;
                case UNAUTHENTICATED -> CallStatus.UNAUTHENTICATED;
                case ACCESS_DENIED -> CallStatus.UNAUTHORIZED;
                case INSUFFICIENT_RESOURCES -> CallStatus.RESOURCE_EXHAUSTED;
                case ENGINE_FAILURE -> CallStatus.UNAVAILABLE;
                case INTERNAL -> CallStatus.INTERNAL;
              };
        };
    ErrorFlightMetadata metadata = new ErrorFlightMetadata();
    metadata.insert(ERROR_CODE_HEADER, failure.errorCode().name());
    return status
        .withDescription(failure.getMessage())
        .withCause(failure)
        .withMetadata(metadata)
        .toRuntimeException();
  }
}
