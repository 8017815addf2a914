package io.sluice.security.authn.password;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The administrator that Sluice creates when it first starts without a user file, with the one copy
 * of its generated password: show it to the operator once, then let it go. {@code toString()} hides
 * the password.
 *
 * @param user the administrator's user name
 * @param password the generated password; only its hash is stored
 * @param file the user file that was created
 */
public record InitialAdmin(String user, String password, Path file) {
  public InitialAdmin {
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(file, "file");
  }

  @Override
  public String toString() {
    return "InitialAdmin[user=" + user + ", password=***, file=" + file + "]";
  }
}
