package io.jprov.modules;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code user_groups}: users are members of a group (appended, other memberships kept).
 *
 * <p>Arguments: {@code group}, {@code users} (list; may be empty), {@code default_user} (used when
 * {@code users} is empty, unless it is empty or {@code root}: the playbook passes the SSH user, as
 * the manual's {@code usermod -aG docker $USER}). Membership is read with {@code id -nG USER}, so
 * a primary group counts. A user that does not exist fails the task. A group that does not exist
 * yet (check mode before docker-ce is installed) is planned as a change, not a failure.
 */
public final class UserGroupsModule implements Module {
  private static final List<String> ARGS = List.of("group", "users", "default_user");

  @Override
  public String name() {
    return "user_groups";
  }

  @Override
  public void validate(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    a.known(ARGS);
    a.required("group");
    DockerArgs.checkName(a, "group name", a.string("group", ""), DockerArgs.ACCOUNT);
    UserGroupsModule.checkUsers(a);
  }

  /** Checks {@code users} and {@code default_user} as account names (shared with docker_verify). */
  static void checkUsers(DockerArgs a) {
    if (a.has("users") && !DockerArgs.templated(a.raw("users"))) {
      for (String u : a.stringList("users")) {
        DockerArgs.checkName(a, "user name", u, DockerArgs.ACCOUNT);
      }
    }
    String d = a.string("default_user", "");
    if (!d.isEmpty()) {
      DockerArgs.checkName(a, "user name", d, DockerArgs.ACCOUNT);
    }
  }

  /** The users the task is about: {@code users}, else {@code default_user} unless empty or root. */
  static List<String> users(DockerArgs a) {
    List<String> users = a.has("users") ? a.stringList("users") : List.of();
    if (users.isEmpty()) {
      String d = a.string("default_user", "").strip();
      return d.isEmpty() || d.equals("root") ? List.of() : List.of(d);
    }
    return new ArrayList<>(new LinkedHashSet<>(users));
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    DockerArgs a = new DockerArgs(name(), args);
    List<Fact<?>> out = new ArrayList<>();
    out.add(AccountFacts.group(a.string("group", "")));
    for (String u : users(a)) {
      out.add(AccountFacts.groupsOf(u));
    }
    return out;
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    DockerArgs a = new DockerArgs(name(), args);
    String group = a.string("group", "");
    List<String> users = users(a);
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
