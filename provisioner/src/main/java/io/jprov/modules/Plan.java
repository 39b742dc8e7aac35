package io.jprov.modules;

import java.util.List;

/**
 * What a module decided for one task on one host, from facts alone. The same plan serves check
 * mode, diff, tests and apply.
 *
 * @param kind what kind of plan this is
 * @param commands what to run, in order; empty for {@link Kind#OK} and {@link Kind#FAIL}
 * @param message why (ok: "already present"; change: what will change; fail: what is wrong)
 * @param diff unified diff of a file change, or null; never contains secrets
 */
public record Plan(Kind kind, List<Command> commands, String message, String diff) {

  public enum Kind {
    /** Nothing to do: the desired state holds. */
    OK,
    /** Commands change state; skipped in check mode, reported as "would change". */
    CHANGE,
    /** Commands only read state to verify it (e.g. hello-world); run on apply, not in check mode. */
    VERIFY,
    /** The task cannot succeed on this host; nothing is run. */
    FAIL,
    /**
     * What the task should do is held back by a policy (a docker restart or an upgrade with running
     * containers, docs/playbooks.md): the commands only record that it is pending (may be empty);
     * skipped in check mode, reported as "would defer". The outcome is {@link Outcome.Status#DEFERRED}.
     */
    DEFER
  }

  public Plan {
    commands = List.copyOf(commands);
  }

  public static Plan ok(String message) {
    return new Plan(Kind.OK, List.of(), message, null);
  }

  public static Plan change(String message, List<Command> commands) {
    return new Plan(Kind.CHANGE, commands, message, null);
  }

  public static Plan change(String message, List<Command> commands, String diff) {
    return new Plan(Kind.CHANGE, commands, message, diff);
  }

  public static Plan verify(String message, List<Command> commands) {
    return new Plan(Kind.VERIFY, commands, message, null);
  }

  /** Held back by a policy; {@code commands} only record that it is pending (may be empty). */
  public static Plan defer(String message, List<Command> commands) {
    return new Plan(Kind.DEFER, commands, message, null);
  }

  public static Plan fail(String message) {
    return new Plan(Kind.FAIL, List.of(), message, null);
  }
}
