package io.sluice.security.access;

/**
 * The policies in force, as something that remembers decisions (a plan cache) needs to see them.
 *
 * @param generation changes whenever the policies in force change, even when a reloaded file keeps
 *     its Ranger version number: anything decided under another generation is stale
 * @param identityOnly whether every answer depends only on the identity and the resource asked
 *     about (no policy or item conditions on the client address or the time, no validity schedules,
 *     nothing Sluice cannot enforce), so that the same question gets the same answer until the
 *     generation changes
 */
public record PolicyEpoch(long generation, boolean identityOnly) {}
