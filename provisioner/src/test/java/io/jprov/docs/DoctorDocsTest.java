package io.jprov.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.doctor.DoctorChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/doctor.md lists every check of {@link DoctorChecks#names()} (the same list as {@code jprov doctor --help}), in
 * a table generated between two markers; this fails when it is out of date (run with {@code -Djprov.writeDocs=true}
 * to rewrite the table, then review the diff).
 */
class DoctorDocsTest {
  static final Path DOC = Path.of("..", "docs", "doctor.md");
  static final String BEGIN = "<!-- checks: generated from DoctorChecks by DoctorDocsTest; do not edit -->\n";
  static final String END = "<!-- end of checks -->\n";

  /** The table of every check and what it checks, in report order. */
  static String table(Map<String, String> names) {
    StringBuilder sb = new StringBuilder("| check | what it checks |\n|---|---|\n");
    names.forEach((name, what) -> sb.append("| `").append(name).append("` | ").append(what.replace("|", "\\|"))
        .append(" |\n"));
    return sb.toString();
  }

  @Test
  void theChecksTableIsCurrent() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("docs/doctor.md has the marker " + BEGIN.strip()).isNotNegative();
    assertThat(end).as("docs/doctor.md has the marker " + END.strip()).isGreaterThan(begin);
    String current = doc.substring(begin + BEGIN.length(), end);
    String generated = table(DoctorChecks.names());
    if (Boolean.getBoolean("jprov.writeDocs")) {
      Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end),
          StandardCharsets.UTF_8);
      current = generated;
    }
    assertThat(current)
        .as("docs/doctor.md's checks are out of date: run mvn -q test -Dtest=DoctorDocsTest -Djprov.writeDocs=true")
        .isEqualTo(generated);
  }

  @Test
  void aDescriptionWithABarStaysOneCell() {
    assertThat(table(Map.of("x.y", "a | b"))).isEqualTo("| check | what it checks |\n|---|---|\n| `x.y` | a \\| b |\n");
  }
}
