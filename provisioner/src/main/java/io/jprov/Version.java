package io.jprov;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The jprov version, kept in one place: the version and the git commit of the build, read from the {@code
 * build-info.properties} the build writes (packaging/build-info.sh), and the text of {@code jprov version} and
 * {@code jprov --version}. Without that file (a build that skipped it) the commit is {@code unknown}.
 */
public final class Version {
  private static final Properties BUILD = load();

  /** The release version, without Maven's {@code -SNAPSHOT}. */
  public static final String VERSION = BUILD.getProperty("version", "0.1.0");

  /** The git commit the build was made from, {@code -dirty} when tracked files differed, or {@code unknown}. */
  public static final String COMMIT = BUILD.getProperty("commit", "unknown");

  private Version() {}

  /** What {@code jprov version} prints: the version, the commit, and the Java runtime running jprov. */
  public static String text() {
    return text(VERSION, COMMIT, System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("java.vendor"), System.getProperty("java.home"));
  }

  public static String text(String version, String commit, String javaVersion, String javaVendor, String javaHome) {
    return "jprov " + version + "\n"
        + "commit: " + commit + "\n"
        + "java: " + javaVersion + " (" + javaVendor + ") " + javaHome;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("build-info.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no build info: the defaults above
    }
    return p;
  }
}
