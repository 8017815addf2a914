package io.sluice.security.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical JSON line of an {@link AuditRecord} and its hash.
 *
 * <p>Canonical means: the fields in the fixed order below, no whitespace, absent values and empty
 * lists left out, times as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, UTF-8, and Jackson's escaping (so
 * a newline in a SQL string is {@code \n} and a record is always one line). The hash is the SHA-256
 * of the line without its {@code hash} field, that is of the bytes {@code {...,"prev_hash":"..."}};
 * the line then ends with {@code ,"hash":"<64 hex digits>"}}. The hash therefore covers the exact
 * bytes on disk, and checking it needs no knowledge of the other fields.
 */
final class AuditRecordJson {
  /** The previous hash of the very first record of a log. */
  static final String GENESIS_HASH = "0".repeat(64);

  static final String HASH_FIELD = "hash";

  private static final byte[] HASH_SUFFIX_START =
      (",\"" + HASH_FIELD + "\":\"").getBytes(StandardCharsets.US_ASCII);

  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  private static final int HASH_SUFFIX_LENGTH = HASH_SUFFIX_START.length + 64 + 2;

  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER =
      new ObjectMapper(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AuditRecordJson() {}

  /** A record as written: its hash and its line, newline included. */
  record Encoded(String hash, byte[] line) {}

  /**
   * The line for a record at a place in the chain. The record's own chain fields are ignored:
   * {@code sequenceNumber} and {@code previousHash} are the ones given.
   */
  static Encoded encode(AuditRecord record, long sequenceNumber, String previousHash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("seq_num", sequenceNumber);
      json.writeStringField("kind", record.kind().jsonName());
      if (record.eventTime() != null) {
        json.writeStringField("evtTime", EVENT_TIME.format(record.eventTime()));
      }
      string(json, "id", record.id());
      number(json, "repoType", record.repositoryType());
      string(json, "repo", record.repository());
      string(json, "reqUser", record.user());
      string(json, "access", record.accessType());
      string(json, "resource", record.resource());
      string(json, "resType", record.resourceType());
      string(json, "action", record.action());
      number(json, "result", record.result());
      string(json, "agent", record.agent());
      number(json, "policy", record.policyId());
      number(json, "policy_version", record.policyVersion());
      string(json, "reason", record.reason());
      string(json, "enforcer", record.enforcer());
      string(json, "sess", record.session());
      string(json, "cliType", record.clientType());
      string(json, "cliIP", record.clientAddress());
      string(json, "reqData", record.requestData());
      string(json, "agentHost", record.agentHost());
      string(json, "logType", record.logType());
      number(json, "event_count", record.eventCount());
      number(json, "event_dur_ms", record.eventDurationMillis());
      if (!record.tags().isEmpty()) {
        json.writeArrayFieldStart("tags");
        for (String tag : record.tags()) {
          json.writeString(tag);
        }
        json.writeEndArray();
      }
      string(json, "cluster_name", record.clusterName());
      string(json, "zone_name", record.zoneName());
      string(json, "protocol", record.protocol());
      string(json, "engine", record.engine());
      string(json, "engine_cluster", record.engineCluster());
      string(json, "original_sql", record.originalSql());
      string(json, "rewritten_sql", record.rewrittenSql());
      if (!record.policyIds().isEmpty()) {
        json.writeArrayFieldStart("policy_ids");
        for (long policyId : record.policyIds()) {
          json.writeNumber(policyId);
        }
        json.writeEndArray();
      }
      if (record.outcome() != null) {
        json.writeStringField("outcome", record.outcome().jsonName());
      }
      string(json, "error_code", record.errorCode());
      number(json, "rows_returned", record.rowsReturned());
      number(json, "duration_ms", record.durationMillis());
      string(json, "next_file", record.nextFile());
      json.writeStringField("prev_hash", previousHash);
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    byte[] body = out.toByteArray();
    String hash = sha256(body, body.length);
    byte[] line = new byte[body.length - 1 + HASH_SUFFIX_LENGTH + 1];
    System.arraycopy(body, 0, line, 0, body.length - 1);
    int at = body.length - 1;
    System.arraycopy(HASH_SUFFIX_START, 0, line, at, HASH_SUFFIX_START.length);
    at += HASH_SUFFIX_START.length;
    byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, line, at, hex.length);
    at += hex.length;
    line[at++] = '"';
    line[at++] = '}';
    line[at] = '\n';
    return new Encoded(hash, line);
  }

  /** A line's chain fields, and whether its hash matches its bytes. */
  record ChainLink(
      long sequenceNumber,
      String previousHash,
      String hash,
      boolean hashMatches,
      String kind,
      String reason,
      String nextFile) {}

  /**
   * Reads the chain fields of one line (without its newline).
   *
   * @throws IllegalArgumentException when the line is not an audit record; the message says why
   */
  static ChainLink link(byte[] line) {
    int length = line.length;
    if (length < HASH_SUFFIX_LENGTH + 2
        || line[0] != '{'
        || line[length - 1] != '}'
        || line[length - 2] != '"'
        || !Arrays.equals(
            line,
            length - HASH_SUFFIX_LENGTH,
            length - HASH_SUFFIX_LENGTH + HASH_SUFFIX_START.length,
            HASH_SUFFIX_START,
            0,
            HASH_SUFFIX_START.length)) {
      throw new IllegalArgumentException("it does not end with a \"hash\" field");
    }
    String storedHash =
        new String(
            line,
            length - HASH_SUFFIX_LENGTH + HASH_SUFFIX_START.length,
            64,
            StandardCharsets.UTF_8);
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (IOException invalid) {
      throw new IllegalArgumentException("it is not valid JSON", invalid);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("it is not a JSON object");
    }
    JsonNode sequence = node.get("seq_num");
    JsonNode previous = node.get("prev_hash");
    JsonNode kind = node.get("kind");
    if (sequence == null || !sequence.canConvertToLong() || !sequence.isIntegralNumber()) {
      throw new IllegalArgumentException("it has no seq_num");
    }
    if (previous == null || !previous.isTextual()) {
      throw new IllegalArgumentException("it has no prev_hash");
    }
    if (kind == null || !kind.isTextual()) {
      throw new IllegalArgumentException("it has no kind");
    }
    // The body is the line with ,"hash":"..." cut out and its closing brace kept.
    byte[] body = Arrays.copyOf(line, length - HASH_SUFFIX_LENGTH + 1);
    body[body.length - 1] = '}';
    String actualHash = sha256(body, body.length);
    return new ChainLink(
        sequence.asLong(),
        previous.asText(),
        storedHash,
        actualHash.equals(storedHash),
        kind.asText(),
        text(node, "reason"),
        text(node, "next_file"));
  }

  /** The record in a line (without its newline), chain fields included. */
  static AuditRecord decode(byte[] line) {
    ChainLink link = link(line);
    ObjectNode node;
    try {
      node = (ObjectNode) MAPPER.readTree(line);
    } catch (IOException invalid) {
      throw new IllegalArgumentException("Not an audit record: invalid JSON", invalid);
    }
    List<String> tags = new ArrayList<>();
    node.path("tags").forEach(tag -> tags.add(tag.asText()));
    List<Long> policyIds = new ArrayList<>();
    node.path("policy_ids").forEach(policyId -> policyIds.add(policyId.asLong()));
    String eventTime = text(node, "evtTime");
    String outcome = text(node, "outcome");
    return AuditRecord.builder(AuditRecord.Kind.fromJsonName(link.kind()))
        .repositoryType(integer(node, "repoType"))
        .repository(text(node, "repo"))
        .user(text(node, "reqUser"))
        .eventTime(eventTime == null ? null : Instant.parse(eventTime))
        .accessType(text(node, "access"))
        .resource(text(node, "resource"))
        .resourceType(text(node, "resType"))
        .action(text(node, "action"))
        .result(integer(node, "result"))
        .agent(text(node, "agent"))
        .policyId(number(node, "policy"))
        .policyVersion(number(node, "policy_version"))
        .reason(text(node, "reason"))
        .enforcer(text(node, "enforcer"))
        .session(text(node, "sess"))
        .clientType(text(node, "cliType"))
        .clientAddress(text(node, "cliIP"))
        .requestData(text(node, "reqData"))
        .agentHost(text(node, "agentHost"))
        .logType(text(node, "logType"))
        .id(text(node, "id"))
        .eventCount(number(node, "event_count"))
        .eventDurationMillis(number(node, "event_dur_ms"))
        .tags(tags)
        .clusterName(text(node, "cluster_name"))
        .zoneName(text(node, "zone_name"))
        .protocol(text(node, "protocol"))
        .engine(text(node, "engine"))
        .engineCluster(text(node, "engine_cluster"))
        .originalSql(text(node, "original_sql"))
        .rewrittenSql(text(node, "rewritten_sql"))
        .policyIds(policyIds)
        .outcome(outcome == null ? null : AuditRecord.Outcome.fromJsonName(outcome))
        .errorCode(text(node, "error_code"))
        .rowsReturned(number(node, "rows_returned"))
        .durationMillis(number(node, "duration_ms"))
        .nextFile(text(node, "next_file"))
        .chain(link.sequenceNumber(), link.previousHash(), link.hash())
        .build();
  }

  static String sha256(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("Every Java runtime has SHA-256", impossible);
    }
  }

  private static void string(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  private static void number(JsonGenerator json, String name, Number value) throws IOException {
    if (value != null) {
      json.writeNumberField(name, value.longValue());
    }
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Long number(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asLong();
  }

  private static Integer integer(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asInt();
  }
}
