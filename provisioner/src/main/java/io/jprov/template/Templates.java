package io.jprov.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * FreeMarker rendering: {@code ${...}} interpolation in task arguments, {@code when} conditions and
 * template files. (Skeleton: to be completed.) Thread-safe.
 */
public final class Templates {
  private final List<Path> templateDirs;

  /** @param templateDirs directories searched for template files, in order */
  public Templates(List<Path> templateDirs) {
    this.templateDirs = List.copyOf(templateDirs);
  }

  /**
   * Interpolates every string inside {@code value} (maps and lists recursively). A string that is
   * exactly one {@code ${expr}} keeps the expression's type (list, map, number, boolean).
   *
   * @param where the task, for messages ("playbook.yml:12:3: task 'x'")
   * @throws io.jprov.InputException on an undefined variable or a syntax error, naming {@code where}
   */
  public Object interpolate(Object value, Map<String, Object> model, String where) {
    throw new UnsupportedOperationException("templates not implemented yet");
  }

  /** Evaluates a FreeMarker boolean expression such as {@code docker.users?size > 0}. */
  public boolean condition(String expression, Map<String, Object> model, String where) {
    throw new UnsupportedOperationException("templates not implemented yet");
  }

  /**
   * Renders a template file found in the template directories (or an absolute path).
   *
   * @throws io.jprov.InputException when missing or when rendering fails, naming the template
   *     file:line:column and {@code where}
   */
  public String renderFile(String name, Map<String, Object> model, String where) {
    throw new UnsupportedOperationException("templates not implemented yet");
  }
}
