package io.sluice.security.authn.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.CredentialCache;
import io.sluice.security.authn.Identity;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Issues short-lived bearer tokens for identities that logged in with a password, and turns them
 * back into the same identity.
 *
 * <p>Tokens are JWTs signed with HS256 under a random 256-bit key that exists only in this process:
 * they stop working when the gateway restarts and are not valid at another gateway replica. A
 * client whose token is refused logs in again with its password.
 */
public final class TokenIssuer {
  /** The issuer and audience of every Sluice token; tells them apart from OIDC tokens. */
  public static final String ISSUER = "urn:sluice:gateway";

  private static final String GROUPS = "groups";
  private static final String ROLES = "roles";
  private static final String ATTRIBUTES = "attributes";
  private static final String METHOD = "sluice_method";
  private static final int MAXIMUM_TOKEN_LENGTH = 64 * 1024;

  /**
   * How many checked tokens {@link #validate} remembers. A Flight client sends its token with every
   * call, and parsing it and checking its HMAC cost about a tenth of a millisecond, on the path of
   * every statement. Past this many (logins within one token lifetime), they are forgotten in bulk
   * and checked again in full when they come back.
   */
  static final int CHECKED_TOKENS_KEPT = 4_096;

  /** The user part of the checked tokens' cache key: the token alone identifies them. */
  private static final String CACHE_USER = "";

  private final TokenIssuerConfig config;
  private final InstantSource clock;
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();

  /** Tokens whose signature and claims were checked, until they expire. */
  private final CredentialCache<Identity> checked;

  public TokenIssuer(TokenIssuerConfig config, InstantSource clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] keyIdBytes = new byte[8];
    random.nextBytes(keyIdBytes);
    this.keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(keyIdBytes);
    this.checked = new CredentialCache<>(config.lifetime(), CHECKED_TOKENS_KEPT, clock);
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException impossible) {
      // A 256-bit key is what HS256 needs.
      throw new IllegalStateException("Cannot create the Sluice token key", impossible);
    }
  }

  public TokenIssuerConfig config() {
    return config;
  }

  /** A signed token carrying the identity, valid for the configured lifetime from now. */
  public String issue(Identity identity) {
    requireNonNull(identity, "identity");
    Instant now = clock.instant();
    byte[] tokenId = new byte[16];
    random.nextBytes(tokenId);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(ISSUER)
            .subject(identity.user())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(config.lifetime())))
            .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(tokenId))
            .claim(GROUPS, List.copyOf(identity.groups()))
            .claim(ROLES, List.copyOf(identity.roles()))
            .claim(ATTRIBUTES, Map.copyOf(identity.attributes()))
            .claim(METHOD, identity.method().name())
            .build();
    SignedJWT token =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(), claims);
    try {
      token.sign(signer);
    } catch (JOSEException impossible) {
      throw new IllegalStateException("Cannot sign a Sluice token", impossible);
    }
    return token.serialize();
  }

  /**
   * The identity a token carries if it claims to come from Sluice (its issuer), checked as {@link
   * #validate} checks it; empty for any other token, which an OpenID Connect provider may know.
   *
   * @throws AuthenticationException if the token names Sluice as its issuer but is not signed by
   *     this process's key, or has expired
   */
  public Optional<Identity> validateIfIssued(String token) {
    requireNonNull(token, "token");
    if (token.length() > MAXIMUM_TOKEN_LENGTH) {
      return Optional.empty();
    }
    Optional<Identity> known = checked.get(CACHE_USER, token);
    if (known.isPresent()) {
      return known;
    }
    try {
      // Any kind of JWT: an unsigned one that names Sluice is refused here, not passed on.
      JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
      if (claims == null || !ISSUER.equals(claims.getIssuer())) {
        return Optional.empty();
      }
    } catch (ParseException notAJwt) {
      return Optional.empty();
    }
    return Optional.of(checkAndRemember(token));
  }

  /**
   * The identity a token issued by this process carries, marked {@linkplain
   * Identity#fromSluiceToken() as from a Sluice token}.
   *
   * @throws AuthenticationException if the token is malformed, not signed by this process's key, or
   *     expired
   */
  public Identity validate(String token) {
    requireNonNull(token, "token");
    if (token.length() > MAXIMUM_TOKEN_LENGTH) {
      throw new AuthenticationException(Reason.INVALID_TOKEN);
    }
    // The same string was signed by this process's key and carried these claims when it was
    // checked; the cache forgets it when it expires.
    Optional<Identity> known = checked.get(CACHE_USER, token);
    return known.isPresent() ? known.get() : checkAndRemember(token);
  }

  private Identity checkAndRemember(String token) {
    CheckedToken valid = check(token);
    if (!clock.instant().isBefore(valid.expires())) {
      throw new AuthenticationException(Reason.EXPIRED_TOKEN);
    }
    checked.put(CACHE_USER, token, valid.identity(), valid.expires());
    return valid.identity();
  }

  /** A token whose signature and claims are good, and when it expires. */
  private record CheckedToken(Identity identity, Instant expires) {}

  private CheckedToken check(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
          || !keyId.equals(jwt.getHeader().getKeyID())
          || !jwt.verify(verifier)) {
        throw new AuthenticationException(Reason.INVALID_TOKEN);
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!ISSUER.equals(claims.getIssuer())
          || claims.getAudience() == null
          || !claims.getAudience().equals(List.of(ISSUER))
          || claims.getSubject() == null
          || claims.getExpirationTime() == null
          || claims.getStringClaim(METHOD) == null) {
        throw new AuthenticationException(Reason.INVALID_TOKEN);
      }
      List<String> groups = claims.getStringListClaim(GROUPS);
      List<String> roles = claims.getStringListClaim(ROLES);
      Map<String, Object> attributes = claims.getJSONObjectClaim(ATTRIBUTES);
      String method = claims.getStringClaim(METHOD);
      TreeMap<String, String> attributeStrings = new TreeMap<>();
      if (attributes != null) {
        attributes.forEach((name, value) -> attributeStrings.put(name, String.valueOf(value)));
      }
      Identity identity =
          new Identity(
              claims.getSubject(),
              new TreeSet<>(groups == null ? List.of() : groups),
              new TreeSet<>(roles == null ? List.of() : roles),
              attributeStrings,
              AuthenticationMethod.valueOf(method),
              true);
      return new CheckedToken(identity, claims.getExpirationTime().toInstant());
    } catch (ParseException | JOSEException | IllegalArgumentException bad) {
      throw new AuthenticationException(Reason.INVALID_TOKEN, bad);
    }
  }
}
