package io.jprov.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Package facts of one kind ({@code rpm -q}, {@code dpkg-query -W}) read by one query of all their
 * names. The query prints one or more lines per name (a package line naming it, or a "not
 * installed"/"no packages found" line), so each fact's share is the lines about its own names, in
 * the query's order: the lines its own query would have printed. A line that names none of the
 * queried names (an error of the tool, or a package matched by a label rather than its name) goes
 * to every fact of the batch. The exit code is each fact's own (from the names it misses) when the
 * batch's exit code is the one its missing names explain, otherwise (the tool failed) the batch's.
 *
 * @param key the batch key (the fact name)
 * @param names this fact's names
 * @param commandOf the query of a set of names
 * @param nameOf the queried name a line of the output is about, or null
 * @param missingOf the name a "not installed" line is about, or null for any other line
 * @param exitFor the tool's exit code for a query that misses that many names
 */
record PackageBatch(String key, Set<String> names, Function<Set<String>, String> commandOf,
    Function<String, String> nameOf, Function<String, String> missingOf, IntUnaryOperator exitFor)
    implements Fact.Batch {

  private static Set<String> namesOf(Fact<?> f) {
    return ((PackageBatch) f.batch()).names();
  }

  @Override
  public String command(List<Fact<?>> group, String nonce) {
    Set<String> all = new TreeSet<>();
    group.forEach(f -> all.addAll(namesOf(f)));
    return commandOf.apply(all);
  }

  @Override
  public Map<String, FactOutput> split(List<Fact<?>> group, FactOutput output, String nonce) {
    Set<String> all = new TreeSet<>();
    group.forEach(f -> all.addAll(namesOf(f)));
    String text = output.output();
    String[] lines = (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1);
    Set<String> missingAll = new TreeSet<>();
    for (String line : lines) {
      String missing = missingOf.apply(line);
      if (missing != null && all.contains(missing)) {
        missingAll.add(missing);
      }
    }
    boolean explained = output.exitCode() == exitFor.applyAsInt(missingAll.size());
    Map<String, FactOutput> out = new LinkedHashMap<>();
    for (Fact<?> f : group) {
      Set<String> mine = namesOf(f);
      StringBuilder sb = new StringBuilder();
      for (String line : lines) {
        String missing = missingOf.apply(line);
        String name = missing != null ? missing : nameOf.apply(line);
        if (name == null || !all.contains(name) || mine.contains(name)) {
          sb.append(line).append('\n');
        }
      }
      if (!text.endsWith("\n") && sb.length() > 0) {
        sb.setLength(sb.length() - 1);
      }
      int missed = (int) missingAll.stream().filter(mine::contains).count();
      out.put(f.key(), new FactOutput(explained ? exitFor.applyAsInt(missed) : output.exitCode(), sb.toString()));
    }
    return out;
  }
}
