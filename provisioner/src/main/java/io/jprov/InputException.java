package io.jprov;

/**
 * Invalid input: inventory, playbook, template, variables or command line. Always exit code 2 and
 * always raised before any host is changed. The message starts with the location when one is known
 * ({@code inventory.yml:12:5: unknown key 'ssh_usr' (did you mean 'ssh_user'?)}).
 */
public class InputException extends JprovException {
  public InputException(String message) {
    super(ExitCodes.INPUT, message);
  }

  public InputException(String message, Throwable cause) {
    super(ExitCodes.INPUT, message, cause);
  }

  /** An error at a location in a user's file. */
  public static InputException at(Location where, String message) {
    return new InputException(where == null ? message : where + ": " + message);
  }
}
