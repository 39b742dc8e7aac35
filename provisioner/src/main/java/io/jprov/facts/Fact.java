package io.jprov.facts;

import java.util.Objects;
import java.util.function.Function;

/**
 * A piece of host state: the shell command that reads it and a pure parser of its output. Facts
 * are gathered in one round trip per host ({@link FactGatherer}); two facts with the same {@link
 * #key()} are the same fact and are read once.
 *
 * <p>The command must not change anything on the host and must read nothing from stdin.
 *
 * @param key unique identity, e.g. {@code stat:/etc/docker/daemon.json}
 * @param command POSIX sh command; values quoted with {@code io.jprov.util.Sh}
 * @param parser pure function of the command's output; must not throw for any rc
 * @param <T> the parsed value type
 */
public record Fact<T>(String key, String command, Function<FactOutput, T> parser) {
  public Fact {
    Objects.requireNonNull(key);
    Objects.requireNonNull(command);
    Objects.requireNonNull(parser);
  }

  public T parse(FactOutput output) {
    return parser.apply(output);
  }
}
