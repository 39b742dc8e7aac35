package io.jprov.doctor;

import java.util.Objects;

/**
 * One check's verdict on one host (docs/doctor.md; JSON {@code hosts[].checks[]}).
 *
 * @param name the check's name, one of its group's {@link DoctorCheck#checks()} (e.g. {@code services.docker})
 * @param status ok, warn or fail
 * @param evidence the line of host output the verdict rests on (trimmed, one line), or what was looked at
 * @param fix one sentence saying what to do (often the exact command, or "run jprov apply"); empty when ok
 */
public record Finding(String name, Verdict status, String evidence, String fix) {
  public Finding {
    Objects.requireNonNull(name);
    Objects.requireNonNull(status);
    evidence = evidence == null ? "" : evidence;
    fix = fix == null ? "" : fix;
  }

  public static Finding ok(String name, String evidence) {
    return new Finding(name, Verdict.OK, evidence, "");
  }

  public static Finding warn(String name, String evidence, String fix) {
    return new Finding(name, Verdict.WARN, evidence, fix);
  }

  public static Finding fail(String name, String evidence, String fix) {
    return new Finding(name, Verdict.FAIL, evidence, fix);
  }
}
