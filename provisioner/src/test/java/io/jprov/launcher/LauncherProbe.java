package io.jprov.launcher;

/** The main class of the small jar {@link LauncherTest} runs the launcher with: prints its arguments. */
public final class LauncherProbe {
  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println("probe " + String.join(" ", args));
  }
}
