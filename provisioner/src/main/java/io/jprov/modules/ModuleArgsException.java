package io.jprov.modules;

import io.jprov.InputException;

/**
 * A task's arguments are invalid for its module (missing, wrong type, unknown key). Raised while
 * validating the playbook, before any host is touched; the engine prefixes the task's location.
 */
public class ModuleArgsException extends InputException {
  public ModuleArgsException(String message) {
    super(message);
  }
}
