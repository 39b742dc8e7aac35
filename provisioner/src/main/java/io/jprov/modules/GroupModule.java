package io.jprov.modules;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.util.Sh;
import java.util.List;

/**
 * {@code group}: a group exists. An existing group is left as it is (docker-ce's {@code %post}
 * already creates {@code docker} as a system group).
 */
public final class GroupModule implements TaskModule<GroupModule.Arguments> {
  private static final ArgSpec SPEC = ArgSpec.of("group", "A group exists; an existing group is left as it is.")
      .required("name", ArgType.ACCOUNT, "The group's name.")
      .optional("system", ArgType.BOOL, false, "Create a missing group with a system GID.")
      .build();

  /** The parsed arguments. */
  public record Arguments(String name, boolean system) {}

  /** The files groupadd, usermod and gpasswd write. */
  static final java.util.List<String> ACCOUNT_FILES = java.util.List.of("/etc/group", "/etc/gshadow", "/etc/passwd", "/etc/shadow");

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("name"), a.bool("system"));
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of(AccountFacts.group(a.name()));
  }

  /** Groups and membership, and the account files. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.kinds(Affects.Kind.ACCOUNTS), Affects.paths(ACCOUNT_FILES));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    var entry = facts.get(AccountFacts.group(a.name()));
    if (entry.isPresent()) {
      return Plan.ok("group " + a.name() + " exists (gid " + entry.get().gid() + ")");
    }
    String cmd = "groupadd " + (a.system() ? "--system " : "") + Sh.quote(a.name());
    return Plan.change("create group " + a.name(), List.of(new Command.Shell(cmd)));
  }
}
