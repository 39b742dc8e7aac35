package io.jprov.engine;

import io.jprov.platform.RepoLookup;
import java.nio.file.Path;
import java.util.Set;

/**
 * How to run a playbook.
 *
 * @param check {@code --check}: read and plan only, change nothing
 * @param diff {@code --diff}: include file diffs in results
 * @param tags run only tasks with one of these tags (empty: all)
 * @param skipTags skip tasks with one of these tags
 * @param forks how many hosts run at once (≥ 1)
 * @param serial batch size override ({@code N} or {@code N%}), or null to use the playbook's
 * @param home jprov's install directory
 * @param lookup the controller's repository lookups for modules (keys, Docker version sets)
 */
public record EngineOptions(
    boolean check, boolean diff, Set<String> tags, Set<String> skipTags, int forks, String serial, Path home,
    RepoLookup lookup) {

  /** Options without repository lookups. */
  public EngineOptions(boolean check, boolean diff, Set<String> tags, Set<String> skipTags, int forks, String serial,
      Path home) {
    this(check, diff, tags, skipTags, forks, serial, home, RepoLookup.NONE);
  }

  public EngineOptions {
    tags = Set.copyOf(tags);
    skipTags = Set.copyOf(skipTags);
    if (forks < 1) {
      throw new IllegalArgumentException("forks must be at least 1");
    }
  }
}
