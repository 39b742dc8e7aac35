import io.jprov.cli.Cli;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the AsciiDoc man page sources of every command of jprov into the directory given, with
 * picocli's ManPageGenerator, from the command tree jprov itself runs (Cli.commandLine). Run by
 * packaging/gen-docs.sh with Java's source launcher, so picocli-codegen never enters the jar.
 *
 * <p>Two things the help text says in its own way are put where a man page reader looks for them:
 * the version (on the page footer of every page, not only jprov's) and the "Exit codes: 0 ok, 2 …"
 * line of a description, which becomes the page's EXIT STATUS section. The help text stays the one
 * source of both. Each line of a description stays a paragraph of its own.
 */
public final class ManPages {
  /** {@code Exit codes: 0 ok, 1 internal error, 2 …}: the line of a description listing a command's exit codes. */
  static final Pattern EXIT_LINE = Pattern.compile("^Exit codes: (.*?)\\.?$");

  /** One exit code and its meaning, up to the next {@code , N }. */
  static final Pattern EXIT_ITEM = Pattern.compile("(\\d+(?:/\\d+)*) (.+?)(?:, (?=\\d+(?:/\\d+)* )|$)");

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ManPages OUTDIR");
      System.exit(2);
    }
    CommandLine root = Cli.commandLine(System.out, System.err, true);
    String[] version = root.getCommandSpec().version();
    prepare(root.getCommandSpec(), version);
    int code = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true, root.getCommandSpec());
    System.exit(code);
  }

  static void prepare(CommandSpec spec, String[] version) {
    spec.version(version);
    String[] description = spec.usageMessage().description();
    List<String> kept = new java.util.ArrayList<>();
    for (String line : description) {
      Map<String, String> codes = exitCodes(line);
      if (codes.isEmpty()) {
        kept.add(line);
      } else {
        spec.usageMessage().exitCodeListHeading("Exit status");
        spec.usageMessage().exitCodeList(codes);
      }
    }
    // one paragraph per line of the description, as --help shows them (AsciiDoc joins adjacent lines)
    List<String> paragraphs = new java.util.ArrayList<>();
    for (String line : kept) {
      if (!paragraphs.isEmpty()) {
        paragraphs.add("");
      }
      paragraphs.add(line);
    }
    spec.usageMessage().description(paragraphs.toArray(new String[0]));
    for (CommandLine sub : spec.subcommands().values()) {
      prepare(sub.getCommandSpec(), version);
    }
  }

  /** The codes of an "Exit codes:" line, in order; empty for any other line, or one that does not read as a list. */
  static Map<String, String> exitCodes(String line) {
    Map<String, String> codes = new LinkedHashMap<>();
    Matcher m = EXIT_LINE.matcher(line.strip());
    if (!m.matches()) {
      return codes;
    }
    Matcher item = EXIT_ITEM.matcher(m.group(1));
    int end = 0;
    while (item.find() && item.start() == end) {
      codes.put(item.group(1), item.group(2));
      end = item.end();
    }
    return end == m.group(1).length() ? codes : new LinkedHashMap<>();
  }
}
