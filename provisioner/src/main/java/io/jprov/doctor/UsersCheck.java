package io.jprov.doctor;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.AccountFacts.GroupEntry;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostCheckFacts;
import io.jprov.facts.HostCheckFacts.Proc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Doctor checks {@code users.*}: docker users in the group and logged in since. The docker users are
 * those the playbook's step 11b puts in group docker ({@code docker.users}, else the SSH user when
 * it is not root); one finding per user.
 */
final class UsersCheck implements DoctorCheck {
  static final String GROUP = "docker";

  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("users.group", "each docker user (docker.users, else the SSH user unless root) is in group docker");
    m.put("users.sessions", "no process of a docker user runs without group docker (started before the user was "
        + "added: it needs a new login)");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "users";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    List<Fact<?>> out = new ArrayList<>();
    out.add(AccountFacts.group(GROUP));
    for (String user : ctx.dockerUsers()) {
      out.add(AccountFacts.groupsOf(user));
      out.add(HostCheckFacts.processGroups(user));
    }
    return out;
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    List<String> users = ctx.dockerUsers();
    if (users.isEmpty()) {
      return List.of(
          Finding.ok("users.group", "no docker users (docker.users is empty and the SSH user is root)"),
          Finding.ok("users.sessions", "no docker users"));
    }
    Optional<GroupEntry> group = facts.get(AccountFacts.group(GROUP));
    if (group.isEmpty()) {
      return List.of(
          Finding.fail("users.group", "getent group docker: no such group",
              "Run jprov apply (it creates group docker and adds " + String.join(", ", users) + ")."),
          Finding.ok("users.sessions", "no group docker yet (see users.group)"));
    }
    List<Finding> membership = new ArrayList<>();
    List<Finding> sessions = new ArrayList<>();
    for (String user : users) {
      Optional<List<String>> groups = facts.get(AccountFacts.groupsOf(user));
      if (groups.isEmpty()) {
        membership.add(Finding.fail("users.group", "id: " + user + ": no such user",
            "Create the user " + user + ", or remove it from docker.users."));
        continue;
      }
      if (!groups.get().contains(GROUP)) {
        membership.add(Finding.fail("users.group", user + " is not in group docker (id -nG: "
                + String.join(" ", groups.get()) + ")",
            "Run jprov apply, or `usermod -aG docker " + user + "`; the user then needs a new login."));
        continue;
      }
      membership.add(Finding.ok("users.group", user + " is in group docker (gid " + group.get().gid() + ")"));
      sessions.add(sessions(user, group.get().gid(), facts.get(HostCheckFacts.processGroups(user))));
    }
    if (sessions.isEmpty()) {
      sessions.add(Finding.ok("users.sessions", "no docker user is in group docker yet (see users.group)"));
    }
    List<Finding> out = new ArrayList<>(membership);
    out.addAll(sessions);
    return out;
  }

  /**
   * A process keeps the supplementary groups of the login that started it (proc(5) {@code Groups:});
   * one of a user who is in group docker now but lacks its gid was started before the user was
   * added, and docker commands it runs are refused on the socket.
   */
  private static Finding sessions(String user, String gid, Optional<List<Proc>> procs) {
    List<Proc> stale = procs.orElse(List.of()).stream().filter(p -> !p.groups().contains(gid)).toList();
    if (stale.isEmpty()) {
      int n = procs.map(List::size).orElse(0);
      return Finding.ok("users.sessions", user + ": " + (n == 0 ? "no running process"
          : n + " process" + (n == 1 ? "" : "es") + ", all with group docker"));
    }
    Proc first = stale.get(0);
    return Finding.warn("users.sessions", user + ": pid " + first.pid() + " (" + first.name() + ") runs without group docker (gid "
            + gid + ")" + (stale.size() > 1 ? ", and " + (stale.size() - 1) + " more process"
            + (stale.size() == 2 ? "" : "es") : "") + ": started before " + user + " was added",
        "Restart what runs as " + user + ": a new login (`loginctl terminate-user " + user + "` ends every session) or a "
            + "service restart gets group docker; until then docker from these processes gets permission denied on "
            + "/var/run/docker.sock.");
  }
}
