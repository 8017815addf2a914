package io.sluice.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a {@link GatewayConfig} from YAML. Keys are checked strictly: an unknown or mistyped key
 * stops start-up with its name, its place in the file and the closest known key.
 */
public final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private ConfigLoader() {}

  public static GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException failure) {
      throw new ConfigException("Cannot read configuration file " + file + ": " + failure, failure);
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code source} names it in error messages. */
  public static GatewayConfig parse(String yaml, String source) {
    if (yaml.isBlank()) {
      return GatewayConfig.defaults();
    }
    try {
      GatewayConfig config = mapper().readValue(yaml, GatewayConfig.class);
      return config == null ? GatewayConfig.defaults() : config;
    } catch (UnrecognizedPropertyException unknown) {
      throw new ConfigException(
          "Unknown configuration key '"
              + path(unknown)
              + "' in "
              + source
              + at(lineOfKey(yaml, unknown.getPropertyName(), unknown.getLocation()))
              + suggestion(unknown.getPropertyName(), unknown.getKnownPropertyIds()),
          unknown);
    } catch (MismatchedInputException badValue) {
      throw new ConfigException(
          "Invalid value for configuration key '"
              + path(badValue)
              + "' in "
              + source
              + at(badValue.getLocation())
              + ": "
              + badValue.getOriginalMessage(),
          badValue);
    } catch (JsonMappingException badValue) {
      Throwable cause = badValue.getCause() == null ? badValue : badValue.getCause();
      throw new ConfigException(
          "Invalid configuration in "
              + source
              + " at key '"
              + path(badValue)
              + "'"
              + at(badValue.getLocation())
              + ": "
              + cause.getMessage(),
          badValue);
    } catch (JsonProcessingException malformed) {
      throw new ConfigException(
          "Cannot parse "
              + source
              + " as YAML"
              + at(malformed.getLocation())
              + ": "
              + malformed.getOriginalMessage(),
          malformed);
    }
  }

  private static ObjectMapper mapper() {
    SimpleModule durations = new SimpleModule("sluice-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    return JsonMapper.builder(new YAMLFactory())
        .addModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .build();
  }

  private static String path(JsonMappingException failure) {
    return failure.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  /**
   * Where a key stands in the text. Jackson reports the end of the enclosing object for keys of
   * records, so the key's own line is looked up; the first line that defines it is taken.
   */
  private static JsonLocation lineOfKey(String yaml, String key, JsonLocation fallback) {
    Pattern definition =
        Pattern.compile("^\\s*(?:-\\s*)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
    String[] lines = yaml.split("\\R", -1);
    for (int line = 0; line < lines.length; line++) {
      Matcher matcher = definition.matcher(lines[line]);
      if (matcher.find()) {
        int column = lines[line].indexOf(key) + 1;
        return new JsonLocation(null, -1, line + 1, column);
      }
    }
    return fallback;
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String suggestion(String key, Collection<Object> known) {
    if (known == null || known.isEmpty()) {
      return "";
    }
    String closest =
        known.stream()
            .map(Objects::toString)
            .min(Comparator.comparingInt(candidate -> distance(key, candidate)))
            .orElseThrow();
    String all = known.stream().map(Objects::toString).sorted().collect(Collectors.joining(", "));
    if (distance(key, closest) <= Math.max(2, key.length() / 3)) {
      return ": did you mean '" + closest + "'? Known keys here: " + all;
    }
    return ": known keys here: " + all;
  }

  /** Edit distance, case-insensitive, for did-you-mean hints. */
  static int distance(String left, String right) {
    String a = left.toLowerCase(Locale.ROOT);
    String b = right.toLowerCase(Locale.ROOT);
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Parses a duration: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d} or ISO-8601;
   * zero needs no unit.
   */
  public static Duration parseDuration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
      if (value.chars().allMatch(digit -> digit == '0')) {
        return Duration.ZERO;
      }
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has no unit; write it like "
              + value
              + "ms, "
              + value
              + "s or "
              + value
              + "m");
    }
    Matcher matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException notIso) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write it like 500ms, 30s, 10m, 1h or 2d");
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      if (text == null) {
        return (Duration) context.handleUnexpectedToken(Duration.class, parser);
      }
      try {
        return parseDuration(text);
      } catch (IllegalArgumentException invalid) {
        throw InvalidFormatException.from(parser, invalid.getMessage(), text, Duration.class);
      }
    }
  }
}
