package io.jprov.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jprov}: the top-level command; prints usage when called without a subcommand. */
@Command(
    name = "jprov",
    mixinStandardHelpOptions = true,
    versionProvider = JprovCommand.VersionProvider.class,
    description = "Provision CentOS 7 / RHEL 7 hosts over SSH from a YAML inventory.",
    subcommands = {
      ApplyCommand.class,
      PlanCommand.class,
      InventoryCommand.class,
      FactsCommand.class,
      DoctorCommand.class,
      BundleCommand.class,
      LockCommand.class,
      ReportCommand.class,
      VersionCommand.class,
      HelpCommand.class
    })
public final class JprovCommand implements Runnable {
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  JprovCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** {@code jprov --version}: the same text as {@code jprov version}. */
  static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return io.jprov.Version.text().split("\n");
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }
}
