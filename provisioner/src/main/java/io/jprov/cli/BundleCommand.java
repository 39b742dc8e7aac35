package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jprov bundle fetch|verify|info}: the offline runtime bundle (SPEC §9). */
@Command(
    name = "bundle",
    description = "Offline runtime bundle: fetch, verify, info.",
    mixinStandardHelpOptions = true,
    subcommands = {BundleCommand.Fetch.class, BundleCommand.Verify.class, BundleCommand.Info.class})
public final class BundleCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: fetch, verify or info");
  }

  static JprovException notYet(String what) {
    return new JprovException(ExitCodes.INTERNAL, "bundle " + what + " is not implemented yet (see runtime-bundle/README.md)");
  }

  @Command(name = "fetch", description = "Download the bundle on a connected machine (not implemented yet).", mixinStandardHelpOptions = true)
  static final class Fetch implements Runnable {
    @Option(names = "--dir", required = true) String dir;
    @Option(names = "--mirror") String mirror;
    @Option(names = "--base-mirror") String baseMirror;
    @Option(names = "--registry") String registry;
    @Option(names = "--version") String version;

    @Override
    public void run() {
      throw notYet("fetch");
    }
  }

  @Command(name = "verify", description = "Check every file of a bundle (not implemented yet).", mixinStandardHelpOptions = true)
  static final class Verify implements Runnable {
    @Option(names = "--dir", required = true) String dir;

    @Override
    public void run() {
      throw notYet("verify");
    }
  }

  @Command(name = "info", description = "Summarise a bundle (not implemented yet).", mixinStandardHelpOptions = true)
  static final class Info implements Runnable {
    @Option(names = "--dir", required = true) String dir;

    @Override
    public void run() {
      throw notYet("info");
    }
  }
}
