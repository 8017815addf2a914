package io.sluice.security.access;

/**
 * Where a request comes from.
 *
 * @param clientAddress the client's address, or null when unknown
 * @param protocol the client protocol ({@code flight-sql}, {@code avatica}, …)
 * @param sessionId the Sluice session
 */
public record RequestContext(String clientAddress, String protocol, String sessionId) {}
