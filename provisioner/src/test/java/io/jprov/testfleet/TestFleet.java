package io.jprov.testfleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The CentOS 7 test fleet: N EL7 test hosts of one or more {@link Variant}s plus the test mirror (network alias
 * {@code mirror}) on one Docker network. Each host's sshd is published on 127.0.0.1. Images come from
 * {@code testfleet/build.sh}; nothing is pulled.
 *
 * <pre>{@code
 * @BeforeAll static void docker() { TestFleet.assumeDocker(); }
 * try (TestFleet fleet = TestFleet.start(Variant.FRESH, 2)) {
 *   Path inv = fleet.inventory();               // jprov inventory (docs/inventory.md) for the hosts
 *   FleetHost h = fleet.host(0);
 *   h.packageVersion("docker-ce");              // state readers, via docker exec
 * }
 * }</pre>
 */
public final class TestFleet implements AutoCloseable {
  /** Host image repository; override with -Djprov.testfleet.hostImage (tags are the variants). */
  public static final String HOST_IMAGE = System.getProperty("jprov.testfleet.hostImage", "jprov-testfleet/el7");
  /** Mirror image; override with -Djprov.testfleet.mirrorImage. */
  public static final String MIRROR_IMAGE =
      System.getProperty("jprov.testfleet.mirrorImage", "jprov-testfleet/mirror:latest");
  /** Label put on every container the fleet starts. */
  public static final String LABEL = "io.jprov.testfleet.fleet";
  /** System property: when "true", a missing Docker engine or image fails the test instead of skipping it. */
  public static final String REQUIRE_DOCKER = "jprov.requireDocker";

  /** Test users. {@code ops} has passwordless sudo; {@code deploy} (group wheel) needs its password for sudo. */
  public static final String ROOT_PASSWORD = "testfleet-root";
  public static final String OPS_USER = "ops";
  public static final String OPS_PASSWORD = "testfleet-ops";
  public static final String DEPLOY_USER = "deploy";
  public static final String DEPLOY_PASSWORD = "testfleet-deploy";

  /** URLs as the hosts see them. */
  public static final String MIRROR_URL = "http://mirror";
  public static final String DOCKER_MIRROR_URL = "http://mirror/docker-ce";
  public static final String BASE_REPOS_MIRROR_URL = "http://mirror/centos";
  /** A real docker-archive (manifest.json) of a tiny image tagged hello-world:latest, on the mirror. */
  public static final String HELLO_WORLD_TAR_URL = "http://mirror/images/hello-world.tar";

  private static final Set<TestFleet> OPEN = ConcurrentHashMap.newKeySet();
  private static volatile String unavailableReason;
  private static volatile boolean checked;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(TestFleet::close), "testfleet-cleanup"));
  }

  private final String id = "tf" + Long.toHexString(System.nanoTime());
  private final Network network;
  /** Offline fleets: the hosts' own network, without the mirror; null otherwise. */
  private Network hostNetwork;
  private final GenericContainer<?> mirror;
  private final List<FleetHost> hosts = new ArrayList<>();
  private final Path dir;
  private final Path privateKey;
  private final String publicKey;
  private Path inventory;
  private Map<String, String> varTmpSizes = Map.of();
  /** Per-host tmpfs mounts (path → docker tmpfs options), from {@link Builder#host(String, Variant, HostOption...)}. */
  private Map<String, Map<String, String>> hostTmpfs = Map.of();

  // ------------------------------------------------------------------ availability

  /** Whether a Docker engine answers and the fleet images exist (see {@code testfleet/build.sh}). */
  public static synchronized boolean dockerAvailable() {
    if (!checked) {
      unavailableReason = probe();
      checked = true;
    }
    return unavailableReason == null;
  }

  /** Why the fleet cannot run, or null when it can. */
  public static String unavailableReason() {
    dockerAvailable();
    return unavailableReason;
  }

  /**
   * Skips the calling test when the fleet cannot run, or fails it when {@code -Djprov.requireDocker=true}
   * (CI). Call it first in a test or in {@code @BeforeAll}.
   */
  public static void assumeDocker() {
    if (dockerAvailable()) {
      return;
    }
    String msg = "the EL7 test fleet is not available: " + unavailableReason
        + " (run `sudo testfleet/build.sh` to install Docker and build the images)";
    if (Boolean.getBoolean(REQUIRE_DOCKER)) {
      Assertions.fail(msg + "; -D" + REQUIRE_DOCKER + "=true forbids skipping");
    }
    Assumptions.assumeTrue(false, msg);
  }

  /** Like {@link #assumeDocker()} for the images of these variants (the EL7 ones are probed by assumeDocker). */
  private static void assumeImages(java.util.Collection<Variant> variants) {
    DockerClient d = DockerClientFactory.instance().client();
    for (Variant v : new java.util.LinkedHashSet<>(variants)) {
      try {
        d.inspectImageCmd(v.image()).exec();
      } catch (RuntimeException e) {
        String msg = "test-fleet image " + v.image() + " is missing (run `sudo testfleet/build.sh`)";
        if (Boolean.getBoolean(REQUIRE_DOCKER)) {
          Assertions.fail(msg + "; -D" + REQUIRE_DOCKER + "=true forbids skipping");
        }
        Assumptions.assumeTrue(false, msg);
      }
    }
  }

  private static String probe() {
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return "no Docker engine answers";
      }
      DockerClient d = DockerClientFactory.instance().client();
      List<String> images = new ArrayList<>();
      images.add(MIRROR_IMAGE);
      for (Variant v : Variant.values()) {
        if (v.el7()) {
          images.add(v.image());
        }
      }
      for (String img : images) {
        try {
          d.inspectImageCmd(img).exec();
        } catch (RuntimeException e) {
          return "image " + img + " is missing";
        }
      }
      return null;
    } catch (Throwable t) {
      return "no Docker engine answers (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
    }
  }

  /**
   * The fingerprint of the test key that signs every package and repository of the fleet (40 upper-case hex
   * digits), written by {@code testfleet/build.sh} to {@code $TESTFLEET_WORK/test-key.fpr}: what a test pins where
   * production pins Docker's key.
   */
  public static String testKeyFingerprint() {
    Path f = Path.of(System.getenv().getOrDefault("TESTFLEET_WORK", "/var/tmp/jprov-testfleet"), "test-key.fpr");
    try {
      return Files.readString(f).strip().toUpperCase(java.util.Locale.ROOT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the test key's fingerprint (run `sudo testfleet/build.sh`): " + f, e);
    }
  }

  // ------------------------------------------------------------------ start

  /** Starts {@code n} hosts of one variant, named el7-1 .. el7-n. */
  public static TestFleet start(Variant variant, int n) {
    return start(Collections.nCopies(n, variant));
  }

  /** Starts one host per entry (named {@code <prefix>-<n>}: el7-1, rocky9-2, ..), variants as given. */
  public static TestFleet start(List<Variant> variants) {
    Map<String, Variant> named = new LinkedHashMap<>();
    for (int i = 0; i < variants.size(); i++) {
      named.put(variants.get(i).prefix() + "-" + (i + 1), variants.get(i));
    }
    return start(named);
  }

  /**
   * Starts {@code n} hosts with no route to the mirror or any registry (air-gapped, docs/bundle.md): the
   * hosts sit on their own Docker network without the mirror (Docker isolates bridge networks from
   * each other), and their DNS server is 127.0.0.1 inside the host, where nothing listens, so no
   * name resolves. The mirror still runs on the fleet network for the test JVM
   * ({@link #mirrorUrlFromTests()}, e.g. to build a bundle).
   */
  public static TestFleet startOffline(Variant variant, int n) {
    Map<String, Variant> named = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      named.put(variant.prefix() + "-" + (i + 1), variant);
    }
    return start(named, true);
  }

  /** Like {@link #startOffline(Variant, int)}, one host per entry (named as {@link #start(List)} names them). */
  public static TestFleet startOffline(List<Variant> variants) {
    Map<String, Variant> named = new LinkedHashMap<>();
    for (int i = 0; i < variants.size(); i++) {
      named.put(variants.get(i).prefix() + "-" + (i + 1), variants.get(i));
    }
    return start(named, true);
  }

  /**
   * Like {@link #startOffline(Variant, int)}, with tmpfs mounts in every host ({@code path →
   * options}, e.g. {@code "/var/tmp" → "rw,size=16k,mode=1777"}): a small file system to fill
   * (disk-full faults).
   */
  public static TestFleet startOffline(Variant variant, int n, Map<String, String> tmpfs) {
    Map<String, Variant> named = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      named.put(variant.prefix() + "-" + (i + 1), variant);
    }
    return start(named, true, tmpfs, Map.of());
  }

  /** Starts hosts with the given inventory names and variants. */
  public static TestFleet start(Map<String, Variant> hosts) {
    return start(hosts, false);
  }

  /**
   * Starts hosts with the given names and variants; the hosts named in {@code varTmpSizes} get a tmpfs of that
   * size (docker's {@code --tmpfs /var/tmp:size=…}, e.g. {@code "2m"}) on /var/tmp, so a test can fill the disk
   * under jprov's bundle directory.
   */
  public static TestFleet start(Map<String, Variant> hosts, Map<String, String> varTmpSizes) {
    return start(hosts, false, Map.of(), varTmpSizes);
  }

  private static TestFleet start(Map<String, Variant> hosts, boolean offline) {
    return start(hosts, offline, Map.of(), Map.of());
  }

  private static TestFleet start(Map<String, Variant> hosts, boolean offline, Map<String, String> tmpfs,
      Map<String, String> varTmpSizes) {
    return start(hosts, offline, tmpfs, varTmpSizes, Map.of());
  }

  /**
   * A fleet with per-host options, e.g. a docker data root on a small tmpfs (a "data root full" fault made for
   * real):
   * <pre>{@code
   * try (TestFleet f = TestFleet.builder()
   *     .host("el7-1", Variant.FRESH)
   *     .host("el7-full", Variant.FRESH, HostOption.tmpfsDataRoot("2m"))
   *     .start()) { ... f.host("el7-full").fillDataRoot(); ... }
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects hosts and their options for {@link TestFleet#builder()}. */
  public static final class Builder {
    private final Map<String, Variant> hosts = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tmpfs = new LinkedHashMap<>();
    private boolean offline;

    private Builder() {
    }

    /** One host with this inventory name (also its hostname) and variant, with options. */
    public Builder host(String name, Variant variant, HostOption... options) {
      if (hosts.putIfAbsent(name, variant) != null) {
        throw new IllegalArgumentException("host " + name + " given twice");
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (HostOption o : options) {
        m.put(o.path(), o.tmpfsOptions());
      }
      if (!m.isEmpty()) {
        tmpfs.put(name, m);
      }
      return this;
    }

    /** {@code n} more hosts of a variant, named {@code <prefix>-<i>} by their position in the fleet (el7-1, …). */
    public Builder hosts(Variant variant, int n, HostOption... options) {
      for (int i = 0; i < n; i++) {
        host(variant.prefix() + "-" + (hosts.size() + 1), variant, options);
      }
      return this;
    }

    /** The hosts get no route to the mirror (see {@link TestFleet#startOffline(Variant, int)}). */
    public Builder offline() {
      offline = true;
      return this;
    }

    public TestFleet start() {
      return TestFleet.start(hosts, offline, Map.of(), Map.of(), tmpfs);
    }
  }

  /**
   * A per-host option of {@link Builder#host(String, Variant, HostOption...)}: a tmpfs mounted at {@code path} with
   * docker's tmpfs options (e.g. {@code rw,mode=0710,size=2m}).
   */
  public record HostOption(String path, String tmpfsOptions) {
    /** The docker data root {@code /var/lib/docker} (DockerRootDir by default) on a tmpfs of this size ("2m"). */
    public static HostOption tmpfsDataRoot(String size) {
      return new HostOption("/var/lib/docker", "rw,mode=0710,size=" + size);
    }

    /** {@code /var/tmp} on a tmpfs of this size (jprov's bundle directory; disk-full faults). */
    public static HostOption tmpfsVarTmp(String size) {
      return new HostOption("/var/tmp", "rw,exec,mode=1777,size=" + size);
    }
  }

  private static TestFleet start(Map<String, Variant> hosts, boolean offline, Map<String, String> tmpfs,
      Map<String, String> varTmpSizes, Map<String, Map<String, String>> hostTmpfs) {
    assumeDocker();
    assumeImages(hosts.values());
    TestFleet f = new TestFleet();
    f.tmpfs = Map.copyOf(tmpfs);
    f.varTmpSizes = Map.copyOf(varTmpSizes);
    f.hostTmpfs = Map.copyOf(hostTmpfs);
    if (offline) {
      f.hostNetwork = Network.builder().createNetworkCmdModifier(c -> c.withLabels(Map.of(LABEL, f.id))).build();
    }
    OPEN.add(f);
    try {
      f.startAll(hosts);
      return f;
    } catch (RuntimeException | Error e) {
      f.close();
      throw e;
    }
  }

  private Map<String, String> tmpfs = Map.of();

  private TestFleet() {
    try {
      dir = Files.createTempDirectory("jprov-testfleet-");
      privateKey = dir.resolve("id_ed25519");
      Files.write(privateKey, resource("id_ed25519"));
      Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
      publicKey = new String(resource("id_ed25519.pub"), StandardCharsets.UTF_8).trim();
      Files.writeString(dir.resolve("id_ed25519.pub"), publicKey + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    network = Network.builder().createNetworkCmdModifier(c -> c.withLabels(Map.of(LABEL, id))).build();
    mirror = new GenericContainer<>(DockerImageName.parse(MIRROR_IMAGE))
        .withNetwork(network)
        .withNetworkAliases("mirror")
        .withLabel(LABEL, id)
        .withExposedPorts(80)
        .waitingFor(Wait.forHttp("/docker-ce/linux/centos/gpg").forPort(80)
            .withStartupTimeout(Duration.ofSeconds(60)));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TestFleet.class.getResourceAsStream("/testfleet/" + name)) {
      if (in == null) {
        throw new IOException("test resource /testfleet/" + name + " is missing");
      }
      return in.readAllBytes();
    }
  }

  private void startAll(Map<String, Variant> spec) {
    mirror.start();
    String mirrorIp = mirror.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
        .map(n -> n.getIpAddress()).filter(ip -> ip != null && !ip.isEmpty()).findFirst()
        .orElseThrow(() -> new IllegalStateException("the mirror has no address on the fleet network"));
    List<FleetHost> started = new ArrayList<>();
    for (Map.Entry<String, Variant> e : spec.entrySet()) {
      String name = e.getKey();
      int port = freePort();
      GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(e.getValue().image()))
          .withNetwork(hostNetwork != null ? hostNetwork : network)
          .withNetworkAliases(name)
          .withLabel(LABEL, id)
          .withEnv("TESTFLEET_AUTHORIZED_KEYS", publicKey)
          .withCreateContainerCmdModifier(cmd -> {
            cmd.withHostName(name);
            cmd.withExposedPorts(ExposedPort.tcp(22));
            HostConfig hc = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
            Ports ports = new Ports();
            ports.bind(ExposedPort.tcp(22), Ports.Binding.bindIpAndPort("127.0.0.1", port));
            // Only the fleet's own names resolve: the mirror's DNS answers NXDOMAIN for anything else
            // (download.docker.com, mirrorlist.centos.org), so lookups fail at once, as on a host without a
            // route, and nothing leaves this machine.
            Map<String, String> mounts = new LinkedHashMap<>();
            if (hc.getTmpFs() != null) {
              mounts.putAll(hc.getTmpFs());
            }
            String tmpSize = varTmpSizes.get(name);
            if (tmpSize != null) {
              mounts.put("/var/tmp", "rw,exec,mode=1777,size=" + tmpSize);
            }
            mounts.putAll(hostTmpfs.getOrDefault(name, Map.of()));
            if (!mounts.isEmpty()) {
              hc.withTmpFs(mounts);
            }
            hc.withPortBindings(ports).withDns(hostNetwork != null ? "127.0.0.1" : mirrorIp)
                .withDnsOptions(List.of("timeout:1", "attempts:1"));
            cmd.withHostConfig(hc);
          })
          .waitingFor(Wait.forLogMessage(".*Server listening on 0\\.0\\.0\\.0 port 22.*", 1)
              .withStartupTimeout(Duration.ofSeconds(60)));
      if (!tmpfs.isEmpty()) {
        c.withTmpFs(tmpfs);
      }
      c.start();
      FleetHost h = new FleetHost(name, e.getValue(), port, c, this);
      started.add(h);
      hosts.add(h);
    }
    for (FleetHost h : started) {
      waitForSsh(h);
    }
  }

  void waitForSsh(FleetHost h) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.sshPort()), 1000);
        s.setSoTimeout(2000);
        byte[] buf = new byte[4];
        if (s.getInputStream().read(buf) == 4 && new String(buf, StandardCharsets.US_ASCII).equals("SSH-")) {
          return;
        }
      } catch (IOException ignored) {
        // not yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("sshd of " + h + " does not answer");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ accessors

  public List<FleetHost> hosts() {
    return Collections.unmodifiableList(hosts);
  }

  public FleetHost host(int index) {
    return hosts.get(index);
  }

  public FleetHost host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in " + hosts));
  }

  public Network network() {
    return network;
  }

  /** Whether the hosts were started without a route to the mirror ({@link #startOffline}). */
  public boolean offline() {
    return hostNetwork != null;
  }

  /** The mirror's address on the fleet network (unreachable from offline hosts). */
  public String mirrorIp() {
    return mirror.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
        .map(n -> n.getIpAddress()).filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElseThrow();
  }

  public GenericContainer<?> mirror() {
    return mirror;
  }

  /** The mirror's root as the test JVM reaches it (e.g. for {@code jprov bundle fetch --mirror}). */
  public String mirrorUrlFromTests() {
    return "http://127.0.0.1:" + mirror.getMappedPort(80);
  }

  /** The fleet's private key (OpenSSH ed25519, mode 0600) in the fleet's temp directory. */
  public Path privateKey() {
    return privateKey;
  }

  public String publicKey() {
    return publicKey;
  }

  /** The fleet's temp directory (key, inventory); deleted on close. */
  public Path dir() {
    return dir;
  }

  DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  // ------------------------------------------------------------------ inventory

  /** The default inventory (user ops, become, the fleet's key, host_key_checking off), written once. */
  public synchronized Path inventory() {
    if (inventory == null) {
      inventory = writeInventory("inventory.yml", InventoryOptions.defaults());
    }
    return inventory;
  }

  /** Writes an inventory for all hosts with the given options into the fleet directory. */
  public Path writeInventory(String fileName, InventoryOptions options) {
    Path p = dir.resolve(fileName);
    try {
      Files.writeString(p, inventoryYaml(options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The inventory text (docs/inventory.md) for all hosts. */
  public String inventoryYaml(InventoryOptions o) {
    StringBuilder y = new StringBuilder();
    y.append("# jprov test fleet ").append(id).append(": ").append(hosts.size()).append(" host(s)\n");
    y.append("all:\n  vars:\n");
    y.append("    ssh_user: ").append(o.sshUser()).append('\n');
    y.append("    ssh_key: ").append(q(privateKey.toString())).append('\n');
    y.append("    host_key_checking: \"off\"\n");
    y.append("    become: ").append(o.become()).append('\n');
    if (o.becomePasswordEnv() != null) {
      y.append("    become_password_env: ").append(o.becomePasswordEnv()).append('\n');
    }
    if (o.baseReposMirror()) {
      y.append("    base_repos_mirror: ").append(BASE_REPOS_MIRROR_URL).append('\n');
    }
    y.append("    docker:\n");
    if (!o.dockerVars().containsKey("mirror")) {
      y.append("      mirror: ").append(DOCKER_MIRROR_URL).append('\n');
    }
    // jprov's controller (this JVM) reaches the mirror on its published port, not as http://mirror; keys and
    // version lookups go there. The fleet's packages are signed with the test key, pinned here as a production
    // inventory would pin Docker's.
    if (!o.dockerVars().containsKey("lookup_mirror")) {
      y.append("      lookup_mirror: ").append(mirrorUrlFromTests()).append("/docker-ce\n");
    }
    if (!o.dockerVars().containsKey("gpg_fingerprints")) {
      String fpr = testKeyFingerprint();
      y.append("      gpg_fingerprints: {rpm: [").append(fpr).append("], apt: [").append(fpr).append("]}\n");
    }
    for (Map.Entry<String, String> e : o.dockerVars().entrySet()) {
      y.append("      ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    for (String line : o.extraVarsYaml().lines().toList()) {
      y.append("    ").append(line).append('\n');
    }
    y.append("  hosts:\n");
    for (FleetHost h : hosts) {
      y.append("    ").append(h.name()).append(": {address: ").append(h.address())
          .append(", ssh_port: ").append(h.sshPort()).append("}\n");
    }
    return y.toString();
  }

  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Options of {@link #writeInventory}. {@code dockerVars} are extra keys of the {@code docker:} map as YAML
   * values (e.g. {@code version -> "\"24.0.9\""}, {@code registry_mirrors -> "[https://m.example]"});
   * {@code extraVarsYaml} is YAML appended under {@code all.vars}.
   */
  public record InventoryOptions(String sshUser, boolean become, String becomePasswordEnv,
      boolean baseReposMirror, Map<String, String> dockerVars, String extraVarsYaml) {

    public static InventoryOptions defaults() {
      return new InventoryOptions(OPS_USER, true, null, true, Map.of(), "");
    }

    public InventoryOptions withSshUser(String user) {
      return new InventoryOptions(user, become, becomePasswordEnv, baseReposMirror, dockerVars, extraVarsYaml);
    }

    public InventoryOptions withBecomePasswordEnv(String env) {
      return new InventoryOptions(sshUser, become, env, baseReposMirror, dockerVars, extraVarsYaml);
    }

    public InventoryOptions withoutBaseReposMirror() {
      return new InventoryOptions(sshUser, become, becomePasswordEnv, false, dockerVars, extraVarsYaml);
    }

    public InventoryOptions withDocker(String key, String yamlValue) {
      Map<String, String> m = new LinkedHashMap<>(dockerVars);
      m.put(key, yamlValue);
      return new InventoryOptions(sshUser, become, becomePasswordEnv, baseReposMirror, m, extraVarsYaml);
    }

    public InventoryOptions withExtraVars(String yaml) {
      return new InventoryOptions(sshUser, become, becomePasswordEnv, baseReposMirror, dockerVars,
          extraVarsYaml + yaml + (yaml.endsWith("\n") ? "" : "\n"));
    }
  }

  // ------------------------------------------------------------------ close

  @Override
  public void close() {
    if (!OPEN.remove(this)) {
      return;
    }
    for (FleetHost h : hosts) {
      try {
        h.unpause();
      } catch (RuntimeException ignored) {
        // was not paused
      }
      try {
        h.container().stop();
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    try {
      mirror.stop();
    } catch (RuntimeException ignored) {
      // best effort
    }
    try {
      network.close();
    } catch (RuntimeException ignored) {
      // best effort
    }
    if (hostNetwork != null) {
      try {
        hostNetwork.close();
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // temp dir
    }
  }

  @Override
  public String toString() {
    return "TestFleet" + hosts;
  }
}
