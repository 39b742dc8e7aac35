package io.jprov.playbook;

import io.jprov.modules.ModuleRegistry;
import java.nio.file.Path;

/** Loads and validates playbooks. (Skeleton: to be completed.) */
public final class PlaybookLoader {
  private final ModuleRegistry modules;

  public PlaybookLoader(ModuleRegistry modules) {
    this.modules = modules;
  }

  /**
   * Loads a playbook file: every task has exactly one known module whose arguments validate.
   *
   * @throws io.jprov.InputException naming file:line:column
   */
  public Playbook load(Path file, String displayName) {
    throw new UnsupportedOperationException("playbook loading not implemented yet");
  }
}
