package io.jprov;

/**
 * A position in a user's file, 1-based, printed as {@code file:line:column}.
 *
 * @param file the file as the user named it (never null)
 * @param line 1-based line
 * @param column 1-based column
 */
public record Location(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
