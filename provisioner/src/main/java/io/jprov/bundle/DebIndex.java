package io.jprov.bundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An apt repository's {@code Packages} index (dists/SUITE/COMPONENT/binary-ARCH/Packages): one stanza
 * per package version, fields as in deb-control(5). Continuation lines (starting with a blank) belong
 * to the field above; field names are case-insensitive.
 */
public final class DebIndex {
  private DebIndex() {}

  /**
   * One package version of the index.
   *
   * @param fields every field of the stanza by its name as written, in order
   */
  public record Entry(Map<String, String> fields) {
    public String name() {
      return get("Package");
    }

    public String version() {
      return get("Version");
    }

    public String arch() {
      return get("Architecture");
    }

    /** {@code Filename}: the path of the .deb under the repository root ({@code pool/stable/d/docker-ce/...}). */
    public String filename() {
      return get("Filename");
    }

    public String sha256() {
      return get("SHA256");
    }

    public long size() {
      String s = get("Size");
      return s.isEmpty() ? -1 : Long.parseLong(s.strip());
    }

    /** A field by name, any case; empty when absent. */
    public String get(String name) {
      for (Map.Entry<String, String> e : fields.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return "";
    }

    /**
     * A relationship field ({@code Depends}, {@code Pre-Depends}, {@code Conflicts}, {@code Breaks},
     * {@code Provides}, {@code Replaces}) as a list of alternatives: {@code a (>= 1) | b, c} →
     * [[a (>= 1), b], [c]].
     */
    public List<List<Relation>> relations(String field) {
      String v = get(field);
      List<List<Relation>> out = new ArrayList<>();
      if (v.isBlank()) {
        return out;
      }
      for (String group : v.split(",")) {
        List<Relation> alts = new ArrayList<>();
        for (String alt : group.split("\\|")) {
          Relation r = Relation.parse(alt);
          if (r != null) {
            alts.add(r);
          }
        }
        if (!alts.isEmpty()) {
          out.add(alts);
        }
      }
      return out;
    }
  }

  /**
   * One relation: {@code name [(op version)]}; an architecture qualifier ({@code :any}) is dropped.
   *
   * @param op {@code <<}, {@code <=}, {@code =}, {@code >=}, {@code >>}, or empty
   */
  public record Relation(String name, String op, String version) {
    static Relation parse(String s) {
      String t = s.strip().replaceAll("\\[.*?\\]", "").replaceAll("<.*?>", "").strip();
      if (t.isEmpty()) {
        return null;
      }
      String name = t;
      String op = "";
      String ver = "";
      int p = t.indexOf('(');
      if (p >= 0) {
        name = t.substring(0, p).strip();
        String inner = t.substring(p + 1, t.indexOf(')', p) < 0 ? t.length() : t.indexOf(')', p)).strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(<<|<=|>=|>>|=|<|>)\\s*(\\S+)").matcher(inner);
        if (m.matches()) {
          op = m.group(1).equals("<") ? "<=" : m.group(1).equals(">") ? ">=" : m.group(1);
          ver = m.group(2);
        }
      }
      int colon = name.indexOf(':');
      if (colon > 0) {
        name = name.substring(0, colon);
      }
      return new Relation(name, op, ver);
    }

    /** Whether {@code candidate} (a version) satisfies this relation's version constraint. */
    public boolean satisfiedBy(String candidate) {
      if (op.isEmpty()) {
        return true;
      }
      int c = io.jprov.util.DebVersion.compare(candidate, version);
      return switch (op) {
        case "<<" -> c < 0;
        case "<=" -> c <= 0;
        case "=" -> c == 0;
        case ">=" -> c >= 0;
        case ">>" -> c > 0;
        default -> false;
      };
    }
  }

  /** Parses a whole {@code Packages} file (already decompressed). */
  public static List<Entry> parse(String text) {
    List<Entry> out = new ArrayList<>();
    Map<String, String> cur = new LinkedHashMap<>();
    String last = null;
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        if (!cur.isEmpty()) {
          out.add(new Entry(Collections.unmodifiableMap(cur)));
          cur = new LinkedHashMap<>();
        }
        last = null;
        continue;
      }
      if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
        cur.put(last, cur.get(last) + "\n" + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      last = line.substring(0, colon).strip();
      cur.put(last, line.substring(colon + 1).strip());
    }
    if (!cur.isEmpty()) {
      out.add(new Entry(Collections.unmodifiableMap(cur)));
    }
    return out;
  }
}
