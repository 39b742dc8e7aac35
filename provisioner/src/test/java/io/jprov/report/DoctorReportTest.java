package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.doctor.DoctorResult;
import io.jprov.doctor.Finding;
import io.jprov.doctor.HostDoctor;
import io.jprov.inventory.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DoctorReport}: the JSON of docs/doctor.md, masked, owner-only, replacing a symlink rather than following it. */
class DoctorReportTest {
  @TempDir Path tmp;

  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void theReportHasTheDocumentedFieldsInOrder() throws Exception {
    DoctorResult r = new DoctorResult(T0, T0.plusMillis(1234), new Shard(2, 3), List.of(
        HostDoctor.examined("web1", List.of(Finding.ok("services.docker", "active"),
            Finding.warn("registry.proxy", "http://u:s3cret@proxy:3128", "set docker.http_proxy"))),
        HostDoctor.notRead("db1", HostDoctor.Status.UNREACHABLE, "db1 (10.0.0.9:22): connection refused")));
    Path file = tmp.resolve("doctor.json");
    DoctorReport.write(file, r);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String expected = """
        {"command":"doctor","started":"2026-12-01T00:00:00Z","duration_ms":1234,"shard":{"index":2,"count":3},\
        "summary":{"hosts":2,"ok":0,"warn":1,"fail":0,"unreachable":1,"interrupted":0},\
        "hosts":[{"name":"web1","status":"warn","checks":[\
        {"name":"services.docker","status":"ok","evidence":"active","fix":""},\
        {"name":"registry.proxy","status":"warn","evidence":"http://u:****@proxy:3128","fix":"set docker.http_proxy"}]},\
        {"name":"db1","status":"unreachable","message":"db1 (10.0.0.9:22): connection refused","checks":[]}]}""";
    ObjectMapper m = new ObjectMapper();
    assertThat(m.writeValueAsString(m.readTree(file.toFile()))).isEqualTo(expected);
  }

  @Test
  void withoutAShardThereIsNoShardField() throws Exception {
    Path file = tmp.resolve("doctor.json");
    Files.createSymbolicLink(file, tmp.resolve("elsewhere.json"));
    DoctorReport.write(file, new DoctorResult(T0, T0, null, List.of()));
    assertThat(Files.isSymbolicLink(file)).as("a planted link is replaced, not followed").isFalse();
    assertThat(Files.exists(tmp.resolve("elsewhere.json"))).isFalse();
    assertThat(new ObjectMapper().readTree(file.toFile()).has("shard")).isFalse();
  }
}
