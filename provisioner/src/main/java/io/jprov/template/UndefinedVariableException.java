package io.jprov.template;

import io.jprov.InputException;

/**
 * A template, argument or condition refers to a variable that is not defined. The message is the
 * one people see ({@code where: undefined variable 'docker.versoin'}); {@link #name()} is the
 * expression FreeMarker found missing, so that callers can decide by the variable rather than by
 * the message (the engine leaves a missing {@code facts} for run time, when facts are known).
 */
public final class UndefinedVariableException extends InputException {
  private final String name;

  UndefinedVariableException(String message, String name, Throwable cause) {
    super(message, cause);
    this.name = name;
  }

  /**
   * The missing variable as FreeMarker names it: the dotted path as far as it could be followed
   * ({@code facts} for {@code facts.os.id} when there are no facts at all, {@code docker.versoin}
   * when {@code docker} exists but not its key).
   */
  public String name() {
    return name;
  }

  /** The top-level variable of {@link #name()} ({@code docker} for {@code docker.versoin}), or "" if none. */
  public String root() {
    int end = 0;
    while (end < name.length() && (Character.isLetterOrDigit(name.charAt(end)) || name.charAt(end) == '_')) {
      end++;
    }
    return name.substring(0, end);
  }
}
