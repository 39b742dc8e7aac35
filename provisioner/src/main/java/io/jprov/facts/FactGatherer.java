package io.jprov.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns many facts into one shell script (one round trip) and splits its output back. Each fact's
 * output is framed by marker lines that carry a per-run nonce, so no fact output can forge a frame.
 */
public final class FactGatherer {
  private static final Pattern FRAME =
      Pattern.compile("\n::jprov:(\\w+):(\\d+):begin::\n(.*?)\n::jprov:\\1:\\2:rc=(\\d+)::\n", Pattern.DOTALL);

  private final String nonce;

  public FactGatherer(String nonce) {
    if (!nonce.matches("\\w+")) {
      throw new IllegalArgumentException("nonce must be a word: " + nonce);
    }
    this.nonce = nonce;
  }

  /** Distinct facts by key, in first-seen order. */
  public static List<Fact<?>> distinct(List<? extends Fact<?>> facts) {
    Map<String, Fact<?>> byKey = new LinkedHashMap<>();
    for (Fact<?> f : facts) {
      byKey.putIfAbsent(f.key(), f);
    }
    return new ArrayList<>(byKey.values());
  }

  /** One sh script that runs every fact command, stdin from /dev/null, framing each output. */
  public String script(List<? extends Fact<?>> facts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < facts.size(); i++) {
      sb.append("printf '\\n::jprov:").append(nonce).append(':').append(i).append(":begin::\\n'\n");
      sb.append("( ").append(facts.get(i).command()).append("\n) </dev/null 2>&1\n");
      sb.append("printf '\\n::jprov:")
          .append(nonce)
          .append(':')
          .append(i)
          .append(":rc=%d::\\n' $?\n");
    }
    return sb.toString();
  }

  /**
   * Splits the script's stdout into one output per fact, by key.
   *
   * @throws IllegalStateException when a fact's frame is missing (the script was cut short)
   */
  public Map<String, FactOutput> parse(List<? extends Fact<?>> facts, String stdout) {
    Map<Integer, FactOutput> byIndex = new LinkedHashMap<>();
    Matcher m = FRAME.matcher(stdout);
    while (m.find()) {
      if (!m.group(1).equals(nonce)) {
        continue;
      }
      byIndex.put(Integer.parseInt(m.group(2)), new FactOutput(Integer.parseInt(m.group(4)), m.group(3)));
    }
    Map<String, FactOutput> out = new LinkedHashMap<>();
    for (int i = 0; i < facts.size(); i++) {
      FactOutput o = byIndex.get(i);
      if (o == null) {
        throw new IllegalStateException("no output for fact " + facts.get(i).key());
      }
      out.put(facts.get(i).key(), o);
    }
    return out;
  }
}
