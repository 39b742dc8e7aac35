package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.doctor.Doctor;
import io.jprov.doctor.DoctorCheck;
import io.jprov.doctor.DoctorContext;
import io.jprov.doctor.Finding;
import io.jprov.doctor.HostDoctor;
import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.inventory.Host;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.report.RunListener;
import io.jprov.template.Templates;
import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.FileCopy;
import io.jprov.transport.FileUpload;
import io.jprov.transport.TransportException;
import io.jprov.transport.local.LocalConnectionFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DoctorCommand#examine}: test check groups read from hosts that are this machine (local connections), one
 * round trip per host, with the facts each host's own variables ask for, judged with the controller's clock of
 * that read; an unreachable host is reported, not examined.
 */
class DoctorExamineTest {
  /** Echoes the host's docker users, so the fact's command depends on the host's variables. */
  static final class UsersGroup implements DoctorCheck {
    final Map<String, Long> clocks = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "test";
    }

    @Override
    public Map<String, String> checks() {
      return Map.of("test.users", "the users are echoed", "test.platform", "the platform is read");
    }

    static Fact<String> echo(DoctorContext ctx) {
      String users = String.join(",", ctx.dockerUsers());
      return new Fact<>("test-echo:" + users, "echo 'users=" + users + "'", FactOutput::output);
    }

    @Override
    public List<Fact<?>> facts(DoctorContext ctx) {
      return List.of(echo(ctx));
    }

    @Override
    public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
      clocks.put(ctx.host(), ctx.controllerEpochSeconds());
      String said = facts.get(echo(ctx)).strip();
      return List.of(said.equals("users=") ? Finding.warn("test.users", said, "set docker.users")
              : Finding.ok("test.users", said),
          Finding.ok("test.platform", facts.get(HostFacts.PLATFORM).toModel().get("arch") + " " + ctx.dockerVersion()));
    }
  }

  static Host host(String name, Map<String, Object> vars) {
    return new Host(name, vars, ConnectionSpec.local(false), List.of("all"), null);
  }

  static Engine engine(ConnectionFactory f) {
    return new Engine(new ModuleRegistry(List.of()), new Templates(List.of()), f, new RunListener() {},
        new EngineOptions(false, false, java.util.Set.of(), java.util.Set.of(), 4, null, null));
  }

  /** Local connections counting the commands run ({@code down} refuses like a host that is off). */
  static ConnectionFactory counting(AtomicInteger commands, String down) {
    ConnectionFactory local = new LocalConnectionFactory();
    return target -> {
      if (target.name().equals(down)) {
        throw new TransportException(down + " (10.9.9.9:22): connection refused", true, null);
      }
      Connection c = local.open(target);
      return new Connection() {
        @Override
        public String hostName() {
          return c.hostName();
        }

        @Override
        public CommandResult exec(ExecRequest r) {
          commands.incrementAndGet();
          return c.exec(r);
        }

        @Override
        public void upload(FileUpload upload) {
          c.upload(upload);
        }

        @Override
        public FileCopy.Result copy(FileCopy copy) {
          return c.copy(copy);
        }

        @Override
        public int roundTrips() {
          return c.roundTrips();
        }

        @Override
        public void close() {
          c.close();
        }
      };
    };
  }

  static Playbook shipped() {
    Path home = Path.of("..").toAbsolutePath().normalize();
    Path file = home.resolve("playbooks/docker-ce.yml");
    return new PlaybookLoader(ModuleRegistry.builtin(new Templates(PlaybookRun.templateDirs(home, file))))
        .load(file, file.toString());
  }

  @Test
  void eachHostIsReadOnceWithTheFactsItsVariablesAskForAndJudgedAtItsReadsClock() {
    List<Host> hosts = List.of(
        host("web1", Map.of("docker", Map.of("users", List.of("ops", "ci")))),
        host("web2", Map.of("docker", Map.of("version", "24.0.9"))),
        host("gone", Map.of()));
    UsersGroup group = new UsersGroup();
    AtomicInteger commands = new AtomicInteger();
    Instant before = Instant.now();
    List<HostDoctor> found = DoctorCommand.examine(new Doctor(List.of(group)), engine(counting(commands, "gone")),
        hosts, DoctorCommand.variables(shipped(), hosts), Instant.EPOCH);
    Instant after = Instant.now();

    assertThat(commands).as("one round trip per reachable host").hasValue(2);
    assertThat(found).extracting(HostDoctor::host).containsExactly("web1", "web2", "gone");
    HostDoctor web1 = found.get(0);
    assertThat(web1.status()).isEqualTo(HostDoctor.Status.OK);
    // the playbook's default docker.version under the inventory's users; the platform read in the same trip
    assertThat(web1.findings()).extracting(Finding::evidence).containsExactly("users=ops,ci",
        System.getProperty("os.arch").replace("amd64", "x86_64") + " 26.1.4");
    HostDoctor web2 = found.get(1);
    assertThat(web2.status()).isEqualTo(HostDoctor.Status.WARN);
    assertThat(web2.findings()).extracting(Finding::evidence).endsWith(
        System.getProperty("os.arch").replace("amd64", "x86_64") + " 24.0.9");
    assertThat(found.get(2)).isEqualTo(HostDoctor.notRead("gone", HostDoctor.Status.UNREACHABLE,
        "gone (10.9.9.9:22): connection refused"));
    // the clock of each host's read, not the run's start (Instant.EPOCH here)
    assertThat(group.clocks).containsOnlyKeys("web1", "web2");
    assertThat(group.clocks.values()).allSatisfy(t ->
        assertThat(t).isBetween(before.getEpochSecond(), after.getEpochSecond()));
  }

  @Test
  void variablesAreThePlaybooksDefaultsUnderTheHostsOwn() {
    Map<String, Map<String, Object>> vars = DoctorCommand.variables(shipped(),
        List.of(host("web1", Map.of("docker", Map.of("registry_mirrors", List.of("http://m:5000"))))));
    DoctorContext ctx = new DoctorContext("web1", vars.get("web1"), 0);
    assertThat(ctx.registryMirrors()).containsExactly("http://m:5000");
    assertThat(ctx.dockerVersion()).isEqualTo("26.1.4");
    assertThat(ctx.dockerPackages()).contains("docker-ce", "containerd.io");
    assertThat(ctx.hold()).isTrue();
  }
}
