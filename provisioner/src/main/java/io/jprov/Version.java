package io.jprov;

/** The jprov version, kept in one place. */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {}
}
