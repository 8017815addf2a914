package io.sluice.security.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * One line of the audit log: the fields of Ranger's {@code AuthzAuditEvent}, Sluice's own fields,
 * and the hash chain. Build one with {@link #builder(Kind)}; {@link AuditLog} fills in the chain.
 *
 * <p>In the JSON line the Ranger fields keep Ranger's names ({@code reqUser}, {@code cliIP}, {@code
 * seq_num}, ...), so tools that read Ranger audits can read these; Sluice's fields are in snake
 * case. Absent ({@code null}) values and empty lists are left out of the line.
 *
 * @param kind what the record is about
 * @param repositoryType Ranger {@code repoType}: the service type id
 * @param repository Ranger {@code repo}: the service (policy repository) name
 * @param user Ranger {@code reqUser}: the user who asked
 * @param eventTime Ranger {@code evtTime}, kept to the millisecond; {@link AuditLog#write} fills in
 *     the current time when absent
 * @param accessType Ranger {@code access}: the access type checked (select, update, login, ...)
 * @param resource Ranger {@code resource}: the resource path, such as {@code sales/orders/amount}
 * @param resourceType Ranger {@code resType}: such as {@code @table} or {@code @column}
 * @param action Ranger {@code action}: the operation (query, show, login, ...)
 * @param result Ranger {@code result}: 0 denied (or failed to log in), 1 allowed
 * @param agent Ranger {@code agent}: the enforcing component, {@code sluice} by default
 * @param policyId Ranger {@code policy}: the deciding policy, -1 when none decided
 * @param reason Ranger {@code reason}: why, in words
 * @param enforcer Ranger {@code enforcer}: {@code ranger-acl}, or Sluice's own checks
 * @param session Ranger {@code sess}: the session id
 * @param clientType Ranger {@code cliType}: the client application or driver
 * @param clientAddress Ranger {@code cliIP}: the client's address
 * @param requestData Ranger {@code reqData}: free request detail
 * @param agentHost Ranger {@code agentHost}: the gateway's host name
 * @param logType Ranger {@code logType}: {@code RangerAudit} by default
 * @param id Ranger {@code id}: a unique event id, a random UUID by default
 * @param sequenceNumber Ranger {@code seq_num}: the record's position in the chain, counted from 1
 *     over the whole log (across files); assigned by {@link AuditLog}
 * @param eventCount Ranger {@code event_count}: 1 by default
 * @param eventDurationMillis Ranger {@code event_dur_ms}
 * @param tags Ranger {@code tags}
 * @param clusterName Ranger {@code cluster_name}: the Sluice deployment's cluster name
 * @param zoneName Ranger {@code zone_name}: the security zone
 * @param policyVersion Ranger {@code policy_version}
 * @param protocol how the client reached Sluice: {@code flight-sql}, {@code jdbc}, {@code http}
 * @param engine the engine that ran the query, such as {@code spark}
 * @param engineCluster the engine cluster that ran the query
 * @param originalSql the SQL the client sent
 * @param rewrittenSql the SQL sent to the engine after row filters and masks
 * @param policyIds every policy that took part: access, row filter and masks
 * @param outcome how a query or login ended
 * @param errorCode the stable error code when it did not succeed
 * @param rowsReturned rows sent to the client
 * @param durationMillis how long the query took, from arrival to the last row
 * @param nextFile for {@link Kind#FILE_SEALED} on rotation: the file the chain continues in
 * @param previousHash the hash of the record before this one (chain field, set by {@link AuditLog})
 * @param hash this record's SHA-256 over its canonical JSON without this field (chain field)
 */
public record AuditRecord(
    Kind kind,
    Integer repositoryType,
    String repository,
    String user,
    Instant eventTime,
    String accessType,
    String resource,
    String resourceType,
    String action,
    Integer result,
    String agent,
    Long policyId,
    String reason,
    String enforcer,
    String session,
    String clientType,
    String clientAddress,
    String requestData,
    String agentHost,
    String logType,
    String id,
    long sequenceNumber,
    Long eventCount,
    Long eventDurationMillis,
    List<String> tags,
    String clusterName,
    String zoneName,
    Long policyVersion,
    String protocol,
    String engine,
    String engineCluster,
    String originalSql,
    String rewrittenSql,
    List<Long> policyIds,
    Outcome outcome,
    String errorCode,
    Long rowsReturned,
    Long durationMillis,
    String nextFile,
    String previousHash,
    String hash) {

  /** Ranger's {@code result} for a denied access or a failed login. */
  public static final int DENIED = 0;

  /** Ranger's {@code result} for an allowed access or a successful login. */
  public static final int ALLOWED = 1;

  /** What a record is about. The last three are written by {@link AuditLog} itself. */
  public enum Kind {
    /** A login, successful or not. */
    AUTHENTICATION,
    /** One access decision. Denials are written with {@link AuditLog#writeAndFlush}. */
    AUTHORIZATION,
    /** How a query ended: rows, duration, error. */
    QUERY_OUTCOME,
    /** The first record of every run of the writer. */
    LOG_OPENED,
    /** The last record of every file: on rotation (naming the next file), close or recovery. */
    FILE_SEALED,
    /**
     * Written instead of {@link #LOG_OPENED} when the writer found the log damaged at start
     * (truncated, edited, or behind {@code audit.head}); the reason says what it found.
     */
    CHAIN_BREAK;

    /** The name in the JSON line. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind fromJsonName(String name) {
      for (Kind kind : values()) {
        if (kind.jsonName().equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("Unknown audit record kind: " + name);
    }
  }

  /** How a query or a login ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Outcome fromJsonName(String name) {
      for (Outcome outcome : values()) {
        if (outcome.jsonName().equals(name)) {
          return outcome;
        }
      }
      throw new IllegalArgumentException("Unknown audit outcome: " + name);
    }
  }

  public AuditRecord {
    requireNonNull(kind, "kind");
    tags = tags == null ? List.of() : List.copyOf(tags);
    policyIds = policyIds == null ? List.of() : List.copyOf(policyIds);
    if (eventTime != null) {
      eventTime = eventTime.truncatedTo(ChronoUnit.MILLIS);
    }
    if (result != null && result != DENIED && result != ALLOWED) {
      throw new IllegalArgumentException(
          "An audit result is 0 (denied) or 1 (allowed), not " + result);
    }
    if (kind == Kind.AUTHORIZATION && result == null) {
      throw new IllegalArgumentException("An authorization record needs a result");
    }
    if (sequenceNumber < 0) {
      throw new IllegalArgumentException("A sequence number cannot be negative: " + sequenceNumber);
    }
  }

  /** A builder with Ranger's defaults: agent {@code sluice}, log type, policy -1, one event. */
  public static Builder builder(Kind kind) {
    return new Builder(kind);
  }

  /** Whether this records a denied access or a failed login. */
  public boolean denied() {
    return result != null && result == DENIED;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This record with its place in the chain. */
  AuditRecord chained(long sequenceNumber, String previousHash, String hash) {
    return toBuilder().chain(sequenceNumber, previousHash, hash).build();
  }

  public static final class Builder {
    private Kind kind;
    private Integer repositoryType;
    private String repository;
    private String user;
    private Instant eventTime;
    private String accessType;
    private String resource;
    private String resourceType;
    private String action;
    private Integer result;
    private String agent = "sluice";
    private Long policyId = -1L;
    private String reason;
    private String enforcer;
    private String session;
    private String clientType;
    private String clientAddress;
    private String requestData;
    private String agentHost;
    private String logType = "RangerAudit";
    private String id;
    private long sequenceNumber;
    private Long eventCount = 1L;
    private Long eventDurationMillis;
    private List<String> tags = List.of();
    private String clusterName;
    private String zoneName;
    private Long policyVersion;
    private String protocol;
    private String engine;
    private String engineCluster;
    private String originalSql;
    private String rewrittenSql;
    private List<Long> policyIds = List.of();
    private Outcome outcome;
    private String errorCode;
    private Long rowsReturned;
    private Long durationMillis;
    private String nextFile;
    private String previousHash;
    private String hash;

    private Builder(Kind kind) {
      this.kind = requireNonNull(kind, "kind");
    }

    private Builder(AuditRecord record) {
      kind = record.kind;
      repositoryType = record.repositoryType;
      repository = record.repository;
      user = record.user;
      eventTime = record.eventTime;
      accessType = record.accessType;
      resource = record.resource;
      resourceType = record.resourceType;
      action = record.action;
      result = record.result;
      agent = record.agent;
      policyId = record.policyId;
      reason = record.reason;
      enforcer = record.enforcer;
      session = record.session;
      clientType = record.clientType;
      clientAddress = record.clientAddress;
      requestData = record.requestData;
      agentHost = record.agentHost;
      logType = record.logType;
      id = record.id;
      sequenceNumber = record.sequenceNumber;
      eventCount = record.eventCount;
      eventDurationMillis = record.eventDurationMillis;
      tags = record.tags;
      clusterName = record.clusterName;
      zoneName = record.zoneName;
      policyVersion = record.policyVersion;
      protocol = record.protocol;
      engine = record.engine;
      engineCluster = record.engineCluster;
      originalSql = record.originalSql;
      rewrittenSql = record.rewrittenSql;
      policyIds = record.policyIds;
      outcome = record.outcome;
      errorCode = record.errorCode;
      rowsReturned = record.rowsReturned;
      durationMillis = record.durationMillis;
      nextFile = record.nextFile;
      previousHash = record.previousHash;
      hash = record.hash;
    }

    public Builder kind(Kind kind) {
      this.kind = requireNonNull(kind, "kind");
      return this;
    }

    public Builder repositoryType(Integer repositoryType) {
      this.repositoryType = repositoryType;
      return this;
    }

    public Builder repository(String repository) {
      this.repository = repository;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder eventTime(Instant eventTime) {
      this.eventTime = eventTime;
      return this;
    }

    public Builder accessType(String accessType) {
      this.accessType = accessType;
      return this;
    }

    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    public Builder resourceType(String resourceType) {
      this.resourceType = resourceType;
      return this;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder result(Integer result) {
      this.result = result;
      return this;
    }

    /** Sets {@link #result} to {@link #ALLOWED} or {@link #DENIED}. */
    public Builder allowed(boolean allowed) {
      this.result = allowed ? ALLOWED : DENIED;
      return this;
    }

    public Builder agent(String agent) {
      this.agent = agent;
      return this;
    }

    public Builder policyId(Long policyId) {
      this.policyId = policyId;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder enforcer(String enforcer) {
      this.enforcer = enforcer;
      return this;
    }

    public Builder session(String session) {
      this.session = session;
      return this;
    }

    public Builder clientType(String clientType) {
      this.clientType = clientType;
      return this;
    }

    public Builder clientAddress(String clientAddress) {
      this.clientAddress = clientAddress;
      return this;
    }

    public Builder requestData(String requestData) {
      this.requestData = requestData;
      return this;
    }

    public Builder agentHost(String agentHost) {
      this.agentHost = agentHost;
      return this;
    }

    public Builder logType(String logType) {
      this.logType = logType;
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder eventCount(Long eventCount) {
      this.eventCount = eventCount;
      return this;
    }

    public Builder eventDurationMillis(Long eventDurationMillis) {
      this.eventDurationMillis = eventDurationMillis;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = requireNonNull(tags, "tags");
      return this;
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder zoneName(String zoneName) {
      this.zoneName = zoneName;
      return this;
    }

    public Builder policyVersion(Long policyVersion) {
      this.policyVersion = policyVersion;
      return this;
    }

    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder engine(String engine) {
      this.engine = engine;
      return this;
    }

    public Builder engineCluster(String engineCluster) {
      this.engineCluster = engineCluster;
      return this;
    }

    public Builder originalSql(String originalSql) {
      this.originalSql = originalSql;
      return this;
    }

    public Builder rewrittenSql(String rewrittenSql) {
      this.rewrittenSql = rewrittenSql;
      return this;
    }

    public Builder policyIds(List<Long> policyIds) {
      this.policyIds = requireNonNull(policyIds, "policyIds");
      return this;
    }

    public Builder outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder errorCode(String errorCode) {
      this.errorCode = errorCode;
      return this;
    }

    public Builder rowsReturned(Long rowsReturned) {
      this.rowsReturned = rowsReturned;
      return this;
    }

    public Builder durationMillis(Long durationMillis) {
      this.durationMillis = durationMillis;
      return this;
    }

    Builder nextFile(String nextFile) {
      this.nextFile = nextFile;
      return this;
    }

    Builder chain(long sequenceNumber, String previousHash, String hash) {
      this.sequenceNumber = sequenceNumber;
      this.previousHash = previousHash;
      this.hash = hash;
      return this;
    }

    /** The record; a random UUID becomes its id when none was given. */
    public AuditRecord build() {
      return new AuditRecord(
          kind,
          repositoryType,
          repository,
          user,
          eventTime,
          accessType,
          resource,
          resourceType,
          action,
          result,
          agent,
          policyId,
          reason,
          enforcer,
          session,
          clientType,
          clientAddress,
          requestData,
          agentHost,
          logType,
          id == null ? UUID.randomUUID().toString() : id,
          sequenceNumber,
          eventCount,
          eventDurationMillis,
          tags,
          clusterName,
          zoneName,
          policyVersion,
          protocol,
          engine,
          engineCluster,
          originalSql,
          rewrittenSql,
          policyIds,
          outcome,
          errorCode,
          rowsReturned,
          durationMillis,
          nextFile,
          previousHash,
          hash);
    }
  }
}
