package io.jprov.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in README.md and docs/*.md leads to a file, and every #anchor to a heading. */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");

  private static Path home() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  @Test
  void relativeLinksAndAnchorsResolve() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(home().resolve("README.md"));
    try (Stream<Path> s = Files.list(home().resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(to)) {
          broken.add(home().relativize(page) + ": " + target + " (no such file)");
          continue;
        }
        if (hash >= 0 && !anchors(to).contains(target.substring(hash + 1))) {
          broken.add(home().relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(pages).hasSizeGreaterThan(5);
    assertThat(broken).isEmpty();
  }

  /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> anchors(Path md) throws IOException {
    Set<String> out = new HashSet<>();
    Matcher m = HEADING.matcher(Files.readString(md));
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return out;
  }
}
