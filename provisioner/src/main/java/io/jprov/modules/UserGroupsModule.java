package io.jprov.modules;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code user_groups}: users are members of a group (appended, other memberships kept).
 *
 * <p>{@code default_user} is used when {@code users} is empty, unless it is empty or {@code root}:
 * the playbook passes the SSH user, as the manual's {@code usermod -aG docker $USER}. Membership
 * is read with {@code id -nG USER}, so a primary group counts. A user that does not exist fails the task. A group that does not exist
 * yet (check mode before docker-ce is installed) is planned as a change, not a failure.
 */
public final class UserGroupsModule implements TaskModule<UserGroupsModule.Arguments> {
  /** {@code users}: account names (shared with docker_verify). */
  static final ArgType<List<String>> USERS = ArgType.listOf(ArgType.ACCOUNT);
  /** {@code default_user}: an account name, or empty for none (shared with docker_verify). */
  static final ArgType<String> DEFAULT_USER = ArgType.STRING.check("user name, or empty", s -> {
    if (!s.isEmpty()) {
      ArgType.ACCOUNT.convert(s); // its "is not a valid user or group name" when not
    }
    return null;
  });

  private static final ArgSpec SPEC = ArgSpec.of("user_groups",
          "Users are members of a group (appended: their other memberships are kept).")
      .required("group", ArgType.ACCOUNT, "The group the users must belong to.")
      .optional("users", USERS, List.of(), "The users to add; when empty, default_user.")
      .optional("default_user", DEFAULT_USER, "",
          "The user added when users is empty (the playbook passes the SSH user); empty or root adds nobody.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param members the users the task is about (see {@link #members(List, String)})
   */
  public record Arguments(String group, List<String> members) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("group"), members(a.list("users"), a.string("default_user")));
  }

  /** The users a task is about: {@code users} (without repeats), else {@code defaultUser} unless empty or root. */
  static List<String> members(List<String> users, String defaultUser) {
    if (users.isEmpty()) {
      String d = defaultUser.strip();
      return d.isEmpty() || d.equals("root") ? List.of() : List.of(d);
    }
    return List.copyOf(new LinkedHashSet<>(users));
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    List<Fact<?>> out = new ArrayList<>();
    out.add(AccountFacts.group(a.group()));
    for (String u : a.members()) {
      out.add(AccountFacts.groupsOf(u));
    }
    return out;
  }

  /** Groups and membership, and the account files. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.kinds(Affects.Kind.ACCOUNTS), Affects.paths(GroupModule.ACCOUNT_FILES));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String group = a.group();
    List<String> users = a.members();
    if (users.isEmpty()) {
      return Plan.ok("no users to add to " + group);
    }
    boolean groupExists = facts.get(AccountFacts.group(group)).isPresent();
    List<String> add = new ArrayList<>();
    List<String> missingUsers = new ArrayList<>();
    for (String u : users) {
      Optional<List<String>> groups = facts.get(AccountFacts.groupsOf(u));
      if (groups.isEmpty()) {
        missingUsers.add(u);
      } else if (!groups.get().contains(group)) {
        add.add(u);
      }
    }
    if (!missingUsers.isEmpty()) {
      return Plan.fail((missingUsers.size() == 1 ? "user " + missingUsers.get(0) + " does not exist"
          : "users " + String.join(", ", missingUsers) + " do not exist")
          + " (create them first or fix docker.users)");
    }
    if (add.isEmpty()) {
      return Plan.ok(String.join(", ", users) + " already in " + group);
    }
    StringBuilder s = new StringBuilder();
    for (String u : add) {
      s.append(s.length() == 0 ? "" : " && ").append("usermod -aG ").append(Sh.quote(group)).append(' ').append(Sh.quote(u));
    }
    return Plan.change("add " + String.join(", ", add) + " to " + group
        + (groupExists ? "" : " (group " + group + " does not exist yet)"), List.of(new Command.Shell(s.toString())));
  }
}
