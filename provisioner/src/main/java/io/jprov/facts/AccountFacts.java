package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Groups and users from NSS ({@code getent}, {@code id}), so LDAP/SSSD accounts count too. */
public final class AccountFacts {
  private AccountFacts() {}

  /** A group entry; {@code members} are the supplementary members listed in the entry. */
  public record GroupEntry(String name, String gid, List<String> members) {}

  /** {@code getent group NAME}: rc 0 with {@code name:x:gid:u1,u2}, rc 2 and nothing when missing. */
  public static Fact<Optional<GroupEntry>> group(String name) {
    return new Fact<>("getent-group:" + name, "getent group " + Sh.quote(name), AccountFacts::parseGroup);
  }

  static Optional<GroupEntry> parseGroup(FactOutput out) {
    if (out.exitCode() != 0) {
      return Optional.empty();
    }
    String[] f = out.output().strip().split("\n")[0].split(":", -1);
    if (f.length < 4) {
      return Optional.empty();
    }
    List<String> members = f[3].isBlank() ? List.of() : Arrays.asList(f[3].strip().split(","));
    return Optional.of(new GroupEntry(f[0], f[2], List.copyOf(members)));
  }

  /**
   * {@code id -nG USER}: the user's groups (primary first; a group without a name as its number),
   * or empty when the user does not exist ({@code id: USER: no such user}, rc 1).
   */
  public static Fact<Optional<List<String>>> groupsOf(String user) {
    return new Fact<>("id-groups:" + user, "id -nG " + Sh.quote(user), AccountFacts::parseGroups);
  }

  static Optional<List<String>> parseGroups(FactOutput out) {
    // A group id without a name makes id warn (stderr, merged here), print the number and exit 1:
    // the user exists all the same.
    List<String> lines = out.output().lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("id: ")).toList();
    if (lines.isEmpty() || out.exitCode() != 0 && out.output().contains("no such user")) {
      return Optional.empty();
    }
    return Optional.of(List.of(lines.get(lines.size() - 1).split("\\s+")));
  }
}
