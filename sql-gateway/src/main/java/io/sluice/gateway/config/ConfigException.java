package io.sluice.gateway.config;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;

/** A configuration that Sluice cannot start with; the message names the key. */
public final class ConfigException extends SluiceException {
  public ConfigException(String message) {
    super(ErrorCode.INVALID_CONFIGURATION, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(ErrorCode.INVALID_CONFIGURATION, message, cause);
  }
}
