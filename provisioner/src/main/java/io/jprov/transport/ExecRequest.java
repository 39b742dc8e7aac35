package io.jprov.transport;

import java.time.Duration;

/**
 * A shell script to run on a host.
 *
 * @param script POSIX sh script, run with {@code sh -c}; values in it were quoted with {@code
 *     io.jprov.util.Sh}
 * @param stdin bytes fed to the script's standard input, or null for none
 * @param become run as root (sudo) unless the connection is already root
 * @param timeout the longest the command may run; null means the connection's default
 */
public record ExecRequest(String script, byte[] stdin, boolean become, Duration timeout) {
  public static ExecRequest of(String script, boolean become) {
    return new ExecRequest(script, null, become, null);
  }
}
