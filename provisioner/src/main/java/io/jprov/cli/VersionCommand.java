package io.jprov.cli;

import io.jprov.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jprov version}. */
@Command(name = "version", description = "Print the jprov version, the git commit it was built from and the Java "
    + "runtime it runs on.", mixinStandardHelpOptions = true)
public final class VersionCommand implements Runnable {
  @ParentCommand JprovCommand parent;

  @Override
  public void run() {
    parent.out.println(Version.text());
  }
}
