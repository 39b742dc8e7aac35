package io.jprov.transport;

import java.time.Duration;

/**
 * Typed connection variables of one host (the inventory's connection variables). Unset values are null so that {@code
 * ~/.ssh/config} can fill them in; secrets are never here, only the names of the environment
 * variables that hold them.
 *
 * @param type {@code ssh} or {@code local}
 * @param address host name or IP to connect to; null means the host's inventory name
 * @param port SSH port, or null (ssh config, else 22)
 * @param user SSH user, or null (ssh config, else the local user)
 * @param key path of the private key (with {@code ~} expanded), or null
 * @param keyPassphraseEnv environment variable holding the key passphrase, or null
 * @param passwordEnv environment variable holding the SSH password, or null
 * @param knownHosts known_hosts file, or null for {@code ~/.ssh/known_hosts}
 * @param hostKeyChecking never null; default {@link HostKeyChecking#STRICT}
 * @param jump bastion as {@code [user@]host[:port]}, several hops separated by commas (like {@code
 *     ProxyJump}), or null
 * @param connectTimeout never null; default 10 s
 * @param commandTimeout never null; default 30 min (yum can be slow)
 * @param become run commands as root via sudo
 * @param becomePasswordEnv environment variable holding the sudo password, or null
 * @param jumpKey private key for the jump hosts (tried before the target's {@code ssh_key}), or null
 * @param jumpPasswordEnv environment variable holding the jump hosts' SSH password, or null; the
 *     target's password is never offered to a jump host
 */
public record ConnectionSpec(
    String type,
    String address,
    Integer port,
    String user,
    String key,
    String keyPassphraseEnv,
    String passwordEnv,
    String knownHosts,
    HostKeyChecking hostKeyChecking,
    String jump,
    Duration connectTimeout,
    Duration commandTimeout,
    boolean become,
    String becomePasswordEnv,
    String jumpKey,
    String jumpPasswordEnv) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(30);

  /** Without jump credentials: jump hosts get keys, the agent and default keys only. */
  public ConnectionSpec(String type, String address, Integer port, String user, String key,
      String keyPassphraseEnv, String passwordEnv, String knownHosts, HostKeyChecking hostKeyChecking,
      String jump, Duration connectTimeout, Duration commandTimeout, boolean become,
      String becomePasswordEnv) {
    this(type, address, port, user, key, keyPassphraseEnv, passwordEnv, knownHosts, hostKeyChecking, jump,
        connectTimeout, commandTimeout, become, becomePasswordEnv, null, null);
  }

  public boolean isLocal() {
    return "local".equals(type);
  }

  /** A builder with every value unset or at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects settings by name; what is not set stays null (for {@code ~/.ssh/config} to fill in)
   * or gets the record's default. Not thread-safe.
   */
  public static final class Builder {
    private String type = "ssh";
    private String address;
    private Integer port;
    private String user;
    private String key;
    private String keyPassphraseEnv;
    private String passwordEnv;
    private String knownHosts;
    private HostKeyChecking hostKeyChecking = HostKeyChecking.STRICT;
    private String jump;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private boolean become;
    private String becomePasswordEnv;
    private String jumpKey;
    private String jumpPasswordEnv;

    private Builder() {}

    public Builder type(String v) {
      type = v;
      return this;
    }

    public Builder address(String v) {
      address = v;
      return this;
    }

    public Builder port(Integer v) {
      port = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder key(String v) {
      key = v;
      return this;
    }

    public Builder keyPassphraseEnv(String v) {
      keyPassphraseEnv = v;
      return this;
    }

    public Builder passwordEnv(String v) {
      passwordEnv = v;
      return this;
    }

    public Builder knownHosts(String v) {
      knownHosts = v;
      return this;
    }

    public Builder hostKeyChecking(HostKeyChecking v) {
      hostKeyChecking = v;
      return this;
    }

    public Builder jump(String v) {
      jump = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder commandTimeout(Duration v) {
      commandTimeout = v;
      return this;
    }

    public Builder become(boolean v) {
      become = v;
      return this;
    }

    public Builder becomePasswordEnv(String v) {
      becomePasswordEnv = v;
      return this;
    }

    public Builder jumpKey(String v) {
      jumpKey = v;
      return this;
    }

    public Builder jumpPasswordEnv(String v) {
      jumpPasswordEnv = v;
      return this;
    }

    public ConnectionSpec build() {
      return new ConnectionSpec(type, address, port, user, key, keyPassphraseEnv, passwordEnv, knownHosts,
          hostKeyChecking, jump, connectTimeout, commandTimeout, become, becomePasswordEnv, jumpKey,
          jumpPasswordEnv);
    }
  }

  /** Settings for the implicit host of {@code --local}. */
  public static ConnectionSpec local(boolean become) {
    return new ConnectionSpec(
        "local", null, null, null, null, null, null, null, HostKeyChecking.STRICT, null,
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, become, null);
  }
}
