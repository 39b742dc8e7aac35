package io.jprov.report;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as a JUnit XML report ({@code --junit FILE}, docs/report.md), the test-report format
 * GitLab, Jenkins and the GitHub test-report actions read: one {@code <testsuite>} per host, one
 * {@code <testcase>} per task (classname = the host), a failed task a {@code <failure>}, a skipped
 * one {@code <skipped>}, a deferred one a passed test case with its message in {@code <system-out>},
 * an unreachable or interrupted host one more test case with an {@code <error>}, a host whose batch
 * never ran one {@code <skipped>} test case. In check mode a task that
 * would change is a {@code <failure>} too ("would change: …"), so that a pipeline shows drift.
 *
 * <p>Every text is masked ({@link Masked}) and stripped of the characters XML 1.0 cannot carry
 * (a host's output may hold escape sequences or NULs; they become {@code \\u001B}). The file is
 * owner-only (0600) and replaced atomically, like the JSON report. Stateless.
 */
public final class JunitReport {
  private JunitReport() {}

  /** Writes the report for {@code run} to {@code file} (0600, through a temp file renamed over it). */
  public static void write(Path file, RunResult run) {
    try {
      OwnerOnlyFiles.replaceAtomically(file, toXml(run));
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write JUnit report " + file + ": " + e.getMessage(), e);
    }
  }

  /** The report as UTF-8 XML bytes, secrets masked. */
  static byte[] toXml(RunResult unmasked) {
    RunResult run = Masked.run(unmasked);
    List<Suite> suites = run.hosts().stream().map(h -> suite(h, run.checkMode(), run.stopReason())).toList();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuites");
      w.writeAttribute("name", xml(run.playbook()));
      counts(w, suites, millis(run.finished().toEpochMilli() - run.started().toEpochMilli()));
      for (Suite s : suites) {
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", xml(s.host));
        counts(w, List.of(s), millis(s.durationMs));
        for (Case c : s.cases) {
          w.writeCharacters("\n    ");
          if (c.kind == Kind.PASSED && c.body == null) {
            w.writeEmptyElement("testcase");
          } else {
            w.writeStartElement("testcase");
          }
          w.writeAttribute("name", xml(c.name));
          w.writeAttribute("classname", xml(s.host));
          w.writeAttribute("time", millis(c.durationMs));
          if (c.kind == Kind.PASSED && c.body != null) {
            w.writeCharacters("\n      ");
            w.writeStartElement("system-out");
            w.writeCharacters(xml(c.body));
            w.writeEndElement();
            w.writeCharacters("\n    ");
            w.writeEndElement();
          } else if (c.kind != Kind.PASSED) {
            w.writeCharacters("\n      ");
            w.writeStartElement(c.kind.element);
            w.writeAttribute("message", xml(c.message));
            if (c.type != null) {
              w.writeAttribute("type", c.type);
            }
            if (c.body != null) {
              w.writeCharacters(xml(c.body));
            }
            w.writeEndElement();
            w.writeCharacters("\n    ");
            w.writeEndElement();
          }
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot serialise the JUnit report: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  private enum Kind {
    PASSED(null), FAILURE("failure"), ERROR("error"), SKIPPED("skipped");

    final String element;

    Kind(String element) {
      this.element = element;
    }
  }

  /** One test case: a task, or the host itself (unreachable, interrupted, not run). */
  private record Case(String name, long durationMs, Kind kind, String type, String message, String body) {}

  private record Suite(String host, long durationMs, List<Case> cases) {
    long count(Kind kind) {
      return cases.stream().filter(c -> c.kind == kind).count();
    }
  }

  private static Suite suite(HostResult h, boolean check, String stopReason) {
    List<Case> cases = new ArrayList<>();
    // GitLab keeps only the first of test cases with the same name: a repeated task name gets " (2)"
    Map<String, Integer> seen = new HashMap<>();
    boolean taskFailed = false;
    for (TaskResult t : h.tasks()) {
      int n = seen.merge(t.name(), 1, Integer::sum);
      String name = n == 1 ? t.name() : t.name() + " (" + n + ")";
      String message = t.message() == null ? "" : t.message();
      Case c = switch (t.status()) {
        case OK -> new Case(name, t.durationMs(), Kind.PASSED, null, null, null);
        // check mode's messages read "would create …": the prefix says it once
        case CHANGED -> check
            ? new Case(name, t.durationMs(), Kind.FAILURE, "drift",
                "would change: " + firstLine(message).replaceFirst("^would ", ""), details(t))
            : new Case(name, t.durationMs(), Kind.PASSED, null, null, null);
        case FAILED -> new Case(name, t.durationMs(), Kind.FAILURE, "failed", firstLine(message), details(t));
        case SKIPPED -> new Case(name, t.durationMs(), Kind.SKIPPED, null, firstLine(message), null);
        // held back by a policy: a warning, not a failure; what was deferred and why is in <system-out>
        case DEFERRED -> new Case(name, t.durationMs(), Kind.PASSED, null, null, "deferred: " + message);
      };
      taskFailed |= t.status() == TaskResult.Status.FAILED;
      cases.add(c);
    }
    String why = h.message() != null ? h.message() : stopReason != null ? stopReason : "";
    switch (h.status()) {
      case UNREACHABLE -> cases.add(new Case("host reachable", 0, Kind.ERROR, "unreachable", firstLine(why), why));
      case INTERRUPTED -> cases.add(new Case("host finished", 0, Kind.ERROR, "interrupted", firstLine(why), why));
      case NOT_RUN -> cases.add(new Case("host run", 0, Kind.SKIPPED, null, "not run: " + firstLine(why), null));
      case FAILED -> {
        if (!taskFailed) { // failed outside a task (an internal error): still a failure on the host
          cases.add(new Case("host finished", 0, Kind.ERROR, "failed", firstLine(why), why));
        }
      }
      default -> { }
    }
    return new Suite(h.name(), h.durationMs(), cases);
  }

  /** The message, then what ran (or would run) and the diff, for the failure's body. */
  private static String details(TaskResult t) {
    StringBuilder b = new StringBuilder(t.message() == null ? "" : t.message());
    if (t.commands() != null && !t.commands().isEmpty()) {
      b.append("\n\ncommands:");
      t.commands().forEach(c -> b.append("\n  ").append(c));
    }
    if (t.diff() != null && !t.diff().isEmpty()) {
      b.append("\n\n").append(t.diff());
    }
    return b.toString();
  }

  private static void counts(XMLStreamWriter w, List<Suite> suites, String time) throws XMLStreamException {
    w.writeAttribute("tests", Long.toString(suites.stream().mapToLong(s -> s.cases.size()).sum()));
    w.writeAttribute("failures", Long.toString(suites.stream().mapToLong(s -> s.count(Kind.FAILURE)).sum()));
    w.writeAttribute("errors", Long.toString(suites.stream().mapToLong(s -> s.count(Kind.ERROR)).sum()));
    w.writeAttribute("skipped", Long.toString(suites.stream().mapToLong(s -> s.count(Kind.SKIPPED)).sum()));
    w.writeAttribute("time", time);
  }

  /** Seconds with three decimals, as every reader parses them ({@code 1.234}, never {@code 1,234}). */
  private static String millis(long ms) {
    return String.format(Locale.ROOT, "%.3f", Math.max(0, ms) / 1000.0);
  }

  /** An attribute's text: its first line (attribute values lose their line breaks when read back). */
  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip() + " …";
  }

  /**
   * {@code s} with every character XML 1.0 does not allow (C0 controls other than tab, line feed
   * and carriage return; lone surrogates; U+FFFE, U+FFFF) written as {@code \\uXXXX}: the JDK's
   * writer would emit them as they are and no reader would accept the file.
   */
  static String xml(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (b != null) {
          b.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
      if (ok) {
        if (b != null) {
          b.append(c);
        }
      } else {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      }
    }
    return b == null ? s : b.toString();
  }
}
