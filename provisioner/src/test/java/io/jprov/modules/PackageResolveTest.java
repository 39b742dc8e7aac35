package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.ExitCodes;
import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.platform.Distro;
import io.jprov.platform.Family;
import io.jprov.platform.RepoLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code package} with {@code resolve}: the version is resolved through the controller's lookup into pins
 * before the plan (docs/lock.md); a lookup failure fails the task, or in check mode without the mirror
 * plans a change that says the set is not resolved yet.
 */
class PackageResolveTest {
  static final Distro EL7 = new Distro(Family.EL7, "centos", "7", "7", "", "x86_64");
  static final List<String> NAMES = List.of("docker-ce", "docker-ce-cli", "containerd.io");
  static final String RPMQ = "rpmq:containerd.io,docker-ce,docker-ce-cli";

  final PackageModule module = new PackageModule();
  final List<String> asked = new ArrayList<>();

  ModuleCall<PackageModule.Arguments> call() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("version_set", "26.1");
    raw.put("version_sets", Map.of("24.0.9", Map.of("docker-ce", "3:24.0.9-1.el7")));
    raw.put("resolve", Map.of("names", NAMES, "mirror", "http://mirror/docker-ce/", "channel", "stable"));
    return ModuleCall.bind(module, raw);
  }

  TaskContext ctx(RepoLookup lookup) {
    return new TaskContext("h1", Map.of(), true, Path.of("."), Path.of("."), EL7, lookup);
  }

  RepoLookup resolving() {
    return new RepoLookup() {
      @Override
      public byte[] fetch(String url) {
        throw new AssertionError();
      }

      @Override
      public Resolved resolve(Distro distro, String mirror, String channel, String version, List<String> names) {
        asked.add(distro.lockKey() + " " + mirror + " " + channel + " " + version + " " + names);
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put("docker-ce", "3:26.1.4-1.el7");
        pins.put("docker-ce-cli", "1:26.1.4-1.el7");
        pins.put("containerd.io", "1.6.33-3.1.el7");
        return new Resolved("26.1.4", pins, "docker-lock.yml");
      }
    };
  }

  RepoLookup failing(RepoLookup.LookupException e) {
    return new RepoLookup() {
      @Override
      public byte[] fetch(String url) {
        throw e;
      }

      @Override
      public Resolved resolve(Distro distro, String mirror, String channel, String version, List<String> names) {
        throw e;
      }
    };
  }

  static FactSet installed24() {
    Map<String, FactOutput> f = new LinkedHashMap<>();
    f.put(RPMQ, new FactOutput(0, "docker-ce|3|24.0.9|1.el7|x86_64\ndocker-ce-cli|1|24.0.9|1.el7|x86_64\n"
        + "containerd.io|(none)|1.6.28|3.1.el7|x86_64\n"));
    f.put("yum-available:containerd.io,docker-ce,docker-ce-cli", new FactOutput(0,
        "docker-ce.x86_64 3:26.1.4-1.el7 docker-ce-stable\ndocker-ce-cli.x86_64 1:26.1.4-1.el7 docker-ce-stable\n"
            + "containerd.io.x86_64 1.6.33-3.1.el7 docker-ce-stable\n"));
    return FactSet.of(f);
  }

  @Test
  void aVersionNotInTheSetsIsResolvedIntoPinsBeforeThePlan() {
    ModuleCall<PackageModule.Arguments> call = call();
    TaskContext ctx = ctx(resolving());
    assertThat(call.facts(ctx).stream().map(Fact::key)).containsExactly(RPMQ);
    // the pins decide which repository versions are looked up on the host
    assertThat(call.moreFacts(installed24(), ctx).stream().map(Fact::key))
        .containsExactly("yum-available:containerd.io,docker-ce,docker-ce-cli");
    Plan plan = call.plan(installed24(), ctx);
    assertThat(plan.kind()).isEqualTo(Plan.Kind.CHANGE);
    assertThat(plan.message()).isEqualTo("upgrade docker-ce 3:24.0.9-1.el7 → 3:26.1.4-1.el7; upgrade docker-ce-cli"
        + " 1:24.0.9-1.el7 → 1:26.1.4-1.el7; upgrade containerd.io 1.6.28-3.1.el7 → 1.6.33-3.1.el7");
    assertThat(plan.commands().get(0).describe()).contains("docker-ce-26.1.4-1.el7 docker-ce-cli-26.1.4-1.el7"
        + " containerd.io-1.6.33-3.1.el7");
    // the mirror as given (trailing slash dropped by the argument), the channel and the version as written
    assertThat(asked).contains("centos-7-x86_64 http://mirror/docker-ce stable 26.1 [docker-ce, docker-ce-cli,"
        + " containerd.io]");
  }

  @Test
  void preparedOnceTheInterpretationJudgesTheResolvedVersions() {
    ModuleCall<PackageModule.Arguments> call = call().prepared(ctx(resolving()));
    assertThat(call.args().wanted()).containsEntry("docker-ce", "3:26.1.4-1.el7")
        .containsEntry("containerd.io", "1.6.33-3.1.el7");
    call.plan(installed24(), ctx(resolving()));
    assertThat(asked).hasSize(1); // resolved once, when prepared
    // yum "succeeded" but rpm still has 24.0.9: the outcome names the version that did not arrive
    String before = "docker-ce|3|24.0.9|1.el7|x86_64\ndocker-ce-cli|1|24.0.9|1.el7|x86_64\n"
        + "containerd.io|(none)|1.6.28|3.1.el7|x86_64\n";
    Plan plan = call.plan(installed24(), ctx(resolving()));
    io.jprov.transport.CommandResult r = new io.jprov.transport.CommandResult(0,
        PackageModule.BEFORE + "\n" + before + PackageModule.AFTER + "\n" + before, "", 10);
    Outcome o = call.interpret(plan, List.of(r));
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.message()).contains("26.1.4");
  }

  @Test
  void aVersionOfTheHandWrittenSetsIsNotLookedUp() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("version_set", "24.0.9");
    raw.put("version_sets", Map.of("24.0.9", Map.of("docker-ce", "3:24.0.9-1.el7")));
    raw.put("resolve", Map.of("names", NAMES, "mirror", "http://mirror/docker-ce", "channel", "stable"));
    ModuleCall<PackageModule.Arguments> call = ModuleCall.bind(module, raw);
    Map<String, FactOutput> f = Map.of("rpmq:docker-ce", new FactOutput(0, "docker-ce|3|24.0.9|1.el7|x86_64\n"));
    Plan plan = call.plan(FactSet.of(f), ctx(resolving()));
    assertThat(plan.kind()).isEqualTo(Plan.Kind.OK);
    assertThat(asked).isEmpty();
  }

  @Test
  void aLookupFailureFailsTheTaskWithItsMessage() {
    Plan plan = call().plan(installed24(), ctx(failing(new RepoLookup.LookupException(
        "docker.version 26.1 is not in http://mirror/docker-ce/linux/centos/7/x86_64/stable; nearest: 24.0.9"))));
    assertThat(plan.kind()).isEqualTo(Plan.Kind.FAIL);
    assertThat(plan.message()).isEqualTo("docker.version 26.1 is not in"
        + " http://mirror/docker-ce/linux/centos/7/x86_64/stable; nearest: 24.0.9");
    // an unreachable mirror outside check mode fails too
    Plan net = call().plan(installed24(), ctx(failing(new RepoLookup.LookupException(ExitCodes.NETWORK,
        "cannot resolve docker.version 26.1 for centos-7-x86_64: network error: GET …: connection refused", null,
        false))));
    assertThat(net.kind()).isEqualTo(Plan.Kind.FAIL);
  }

  @Test
  void checkModeWithoutTheMirrorStillPlansTheInstall() {
    RepoLookup.LookupException pending = new RepoLookup.LookupException(ExitCodes.NETWORK,
        "cannot resolve docker.version 26.1 for centos-7-x86_64: network error: GET"
            + " http://mirror/docker-ce/linux/centos/7/x86_64/stable/repodata/repomd.xml: unknown host mirror", null, true);
    ModuleCall<PackageModule.Arguments> call = call();
    TaskContext ctx = ctx(failing(pending));
    assertThat(call.moreFacts(installed24(), ctx)).isEmpty();
    Plan plan = call.plan(installed24(), ctx);
    assertThat(plan.kind()).isEqualTo(Plan.Kind.CHANGE);
    assertThat(plan.commands()).isEmpty();
    assertThat(plan.message()).isEqualTo("install Docker 26.1 (docker-ce, docker-ce-cli, containerd.io; the exact"
        + " versions are not resolved yet: " + pending.getMessage() + ")");
  }
}
