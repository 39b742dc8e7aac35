package io.jprov.facts;

import java.util.List;
import java.util.Map;
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
 * @param batch how this fact is read together with others of its kind by one command, or null
 * @param <T> the parsed value type
 */
public record Fact<T>(String key, String command, Function<FactOutput, T> parser, Batch batch) {
  public Fact {
    Objects.requireNonNull(key);
    Objects.requireNonNull(command);
    Objects.requireNonNull(parser);
  }

  /** A fact that is read by its own command only. */
  public Fact(String key, String command, Function<FactOutput, T> parser) {
    this(key, command, parser, null);
  }

  public T parse(FactOutput output) {
    return parser.apply(output);
  }

  /**
   * Facts of one kind that one command reads together (one {@code rpm -q} for every package fact
   * of a gather, one {@code systemctl show} for every unit fact): {@link FactGatherer} runs {@link
   * #command} once for the two or more facts of a gather whose batches have the same {@link #key},
   * and {@link #split} gives each of them the output its own {@link Fact#command} would have
   * printed, so that each fact parses to exactly what it parses when read alone.
   */
  public interface Batch {
    /** Facts whose batches have equal keys are read by one command. */
    String key();

    /**
     * The one command that reads every fact of {@code group} (two or more facts, all with this
     * batch key, in gather order). Marker lines it prints carry {@code nonce}, as the gatherer's
     * frames do, so that no output read on the host can forge one.
     */
    String command(List<Fact<?>> group, String nonce);

    /**
     * What each fact of {@code group} would have printed with its own command, by fact key, from
     * what {@link #command} printed.
     */
    Map<String, FactOutput> split(List<Fact<?>> group, FactOutput output, String nonce);
  }
}
