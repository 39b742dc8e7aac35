package io.jprov.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.ExitCodes;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's exit-code table and docs/exit-codes.md list exactly the codes of {@link ExitCodes}, under their names. */
class ExitCodesDocsTest {
  private static Path home() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  /** Every exit code jprov can return, by its constant's name. */
  static Map<Integer, String> codes() throws IllegalAccessException {
    Map<Integer, String> codes = new TreeMap<>();
    for (Field f : ExitCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        codes.put(f.getInt(null), f.getName());
      }
    }
    return codes;
  }

  /** The rows {@code | code | …} of the first table after {@code heading} (to the next heading). */
  static Map<Integer, String> table(Path file, String heading) throws IOException {
    String text = Files.readString(file);
    int at = text.indexOf(heading);
    assertThat(at).as(heading + " in " + file).isNotNegative();
    String section = text.substring(at + heading.length());
    Matcher next = Pattern.compile("(?m)^#").matcher(section);
    if (next.find()) {
      section = section.substring(0, next.start());
    }
    Map<Integer, String> rows = new TreeMap<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|(.*)$").matcher(section);
    while (row.find()) {
      rows.put(Integer.parseInt(row.group(1)), row.group(2));
    }
    return rows;
  }

  @Test
  void readmeListsEveryCode() throws Exception {
    assertThat(table(home().resolve("README.md"), "### Exit codes").keySet()).isEqualTo(codes().keySet());
  }

  @Test
  void exitCodesPageListsEveryCodeUnderItsName() throws Exception {
    Map<Integer, String> rows = table(home().resolve("docs/exit-codes.md"), "# Exit codes");
    assertThat(rows.keySet()).isEqualTo(codes().keySet());
    codes().forEach((code, name) -> assertThat(rows.get(code)).as("code " + code).startsWith(" `" + name + "` |"));
  }

  /** {@code jprov lock} exits 3 for a version the repository lacks and 5 for a mirror it cannot read (cli/LockCommand). */
  @Test
  void lockExitCodesAreDocumented() throws Exception {
    Map<Integer, String> rows = table(home().resolve("docs/exit-codes.md"), "# Exit codes");
    assertThat(rows.get(ExitCodes.FAILED)).contains("`jprov lock`");
    assertThat(rows.get(ExitCodes.NETWORK)).contains("`jprov lock`");
    assertThat(Files.readString(home().resolve("docs/lock.md")))
        .contains("`" + ExitCodes.FAILED + "` a version").contains("`" + ExitCodes.NETWORK + "` the mirror could not be read")
        .contains("`" + ExitCodes.INPUT + "` invalid input");
  }
}
