package io.jprov.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The project's JSON operations (Jackson lives behind this package). Stateless and thread-safe.
 */
public final class Json {
  // Jackson's defaults are RFC 8259: no comments, single quotes, leading zeros or trailing commas.
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");

  private Json() {}

  /**
   * Checks that {@code text} is exactly one JSON value (RFC 8259), such as a rendered
   * {@code daemon.json}; no values are built.
   *
   * @return null when it is, else one line "invalid JSON at LINE:COLUMN: what is wrong"
   */
  public static String check(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return error(p.currentLocation(), "expected a value, found end of input");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        return error(p.currentTokenLocation(), "expected end of document, found more content");
      }
      return null;
    } catch (JsonProcessingException e) {
      return error(e.getLocation(), e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses exactly one JSON value (RFC 8259; a key written twice in one object is refused) into
   * plain values: maps in document order, lists, strings, Integer, Long, Double, Boolean, null.
   *
   * @throws IllegalArgumentException "invalid JSON at LINE:COLUMN: what is wrong"
   */
  public static Object parse(String text) {
    try (JsonParser p = STRICT.createParser(text)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException(error(p.currentLocation(), "expected a value, found end of input"));
      }
      Object value = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(error(p.currentTokenLocation(), "expected end of document, found more content"));
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(error(e.getLocation(), e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Jackson's words for a syntax error, on one line and without its internals: "(start marker at [Source:
   * REDACTED (`StreamReadFeature…` disabled); line: 1, column: 1])" becomes "(start marker at 1:1)".
   */
  public static String message(JsonProcessingException e) {
    return cleaned(e.getOriginalMessage());
  }

  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          m.put(key, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> p.getIntValue();
          case LONG -> p.getLongValue();
          default -> throw new IllegalArgumentException(error(p.currentTokenLocation(),
              "number " + p.getText() + " is too large"));
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException(error(p.currentTokenLocation(),
          "unexpected " + p.currentToken()));
    }
  }

  private static String error(JsonLocation at, String what) {
    String first = cleaned(what);
    String where = at == null ? "" : at.getLineNr() + ":" + at.getColumnNr() + ": ";
    return "invalid JSON at " + where + first;
  }

  private static String cleaned(String what) {
    // Jackson's messages may go on over several lines (a hint about escaping): the first says it
    String first = what == null ? "malformed" : what.lines().findFirst().orElse(what).strip();
    // "(for Array starting at [Source: REDACTED (...); line: 1, column: 7])" names where, not the source
    return SOURCE.matcher(first).replaceAll("$1:$2");
  }
}
