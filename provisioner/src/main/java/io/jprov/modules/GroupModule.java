package io.jprov.modules;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.util.Sh;
import java.util.List;
import java.util.Map;

/**
 * {@code group}: a group exists. Arguments: {@code name}, {@code system} (bool, default false: a
 * system GID for a new group). An existing group is left as is (docker-ce's {@code %post} already
 * creates {@code docker} as a system group).
 */
public final class GroupModule implements Module {
  private static final List<String> ARGS = List.of("name", "system");

  @Override
  public String name() {
    return "group";
  }

  @Override
  public void validate(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    a.known(ARGS);
    a.required("name");
    DockerArgs.checkName(a, "group name", a.string("name", ""), DockerArgs.ACCOUNT);
    a.bool("system", false);
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    return List.of(AccountFacts.group(new DockerArgs(name(), args).string("name", "")));
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    DockerArgs a = new DockerArgs(name(), args);
    String group = a.string("name", "");
    var entry = facts.get(AccountFacts.group(group));
    if (entry.isPresent()) {
      return Plan.ok("group " + group + " exists (gid " + entry.get().gid() + ")");
    }
    String cmd = "groupadd " + (a.bool("system", false) ? "--system " : "") + Sh.quote(group);
    return Plan.change("create group " + group, List.of(new Command.Shell(cmd)));
  }
}
