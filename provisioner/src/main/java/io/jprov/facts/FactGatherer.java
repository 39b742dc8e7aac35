package io.jprov.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns many facts into one shell script (one round trip) and splits its output back. Each fact's
 * output is framed by marker lines that carry a per-run nonce, so no fact output can forge a frame.
 *
 * <p>Facts that declare a {@link Fact.Batch} and share its key with at least one other fact of the
 * same gather are read by the batch's one command (one frame for the group, placed where the first
 * of them is) instead of one command each: one {@code rpm -q} for every rpm package fact, one
 * {@code dpkg-query} for every dpkg one, one {@code systemctl show} for every unit. A batchable fact
 * alone in its gather runs its own command, as before.
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

  /**
   * The commands the script runs, in order: a fact alone, or a group of two or more facts with the
   * same batch key (at the place of the group's first fact).
   */
  static List<List<Fact<?>>> commands(List<? extends Fact<?>> facts) {
    List<List<Fact<?>>> out = new ArrayList<>();
    Map<String, List<Fact<?>>> groups = new HashMap<>();
    for (Fact<?> f : facts) {
      if (f.batch() == null) {
        out.add(List.of(f));
        continue;
      }
      List<Fact<?>> group = groups.get(f.batch().key());
      if (group == null) {
        group = new ArrayList<>();
        groups.put(f.batch().key(), group);
        out.add(group);
      }
      group.add(f);
    }
    return out;
  }

  private String command(List<Fact<?>> entry) {
    return entry.size() == 1 ? entry.get(0).command() : entry.get(0).batch().command(entry, nonce);
  }

  /** One sh script that runs every fact command, stdin from /dev/null, framing each output. */
  public String script(List<? extends Fact<?>> facts) {
    List<List<Fact<?>>> entries = commands(facts);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      sb.append("printf '\\n::jprov:").append(nonce).append(':').append(i).append(":begin::\\n'\n");
      sb.append("( ").append(command(entries.get(i))).append("\n) </dev/null 2>&1\n");
      sb.append("printf '\\n::jprov:")
          .append(nonce)
          .append(':')
          .append(i)
          .append(":rc=%d::\\n' $?\n");
    }
    return sb.toString();
  }

  /**
   * Splits the script's stdout into one output per fact, by key (a batch's output split into what
   * each fact's own command would have printed).
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
    List<List<Fact<?>>> entries = commands(facts);
    Map<String, FactOutput> out = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      List<Fact<?>> entry = entries.get(i);
      FactOutput o = byIndex.get(i);
      if (o == null) {
        throw new IllegalStateException("no output for fact " + entry.get(0).key());
      }
      if (entry.size() == 1) {
        out.put(entry.get(0).key(), o);
        continue;
      }
      Map<String, FactOutput> split = entry.get(0).batch().split(entry, o, nonce);
      for (Fact<?> f : entry) {
        FactOutput own = split.get(f.key());
        if (own == null) {
          throw new IllegalStateException("no output for fact " + f.key() + " in the output of its batch of "
              + entry.size() + " facts");
        }
        out.put(f.key(), own);
      }
    }
    return out;
  }
}
