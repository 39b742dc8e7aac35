package io.jprov.template;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.Environment;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.SimpleScalar;
import freemarker.template.utility.DeepUnwrap;
import io.jprov.InputException;
import io.jprov.util.Sh;
import io.jprov.util.Text;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeMarker rendering: {@code ${...}} interpolation in task arguments, {@code when} conditions and
 * template files. Templates may call {@code sh(value)} to quote a value as one shell word. Every FreeMarker problem becomes an {@link InputException} with a one-line
 * message (no FreeMarker stack dump). Parsed templates are cached. Thread-safe: one instance may
 * serve every host worker.
 */
public final class Templates {
  private static final Pattern SINGLE = Pattern.compile("\\$\\{(.*)}", Pattern.DOTALL);
  private static final String RESULT = "jprov__result";
  private static final int MAX_CACHED = 10_000;

  private final List<Path> templateDirs;
  private final Configuration cfg;
  private final Map<String, Template> inline = new ConcurrentHashMap<>();
  private final Map<Path, CachedFile> files = new ConcurrentHashMap<>();

  private record CachedFile(long modified, long size, Template template) {}

  /** @param templateDirs directories searched for template files, in order; missing ones are ignored */
  public Templates(List<Path> templateDirs) {
    this.templateDirs = List.copyOf(templateDirs);
    this.cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setNumberFormat("computer");
    cfg.setBooleanFormat("c");
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocalizedLookup(false);
    cfg.setFallbackOnNullLoopVariable(false);
    // ${sh(path)}: one shell word, for values interpolated into commands.
    cfg.setSharedVariable("sh", (TemplateMethodModelEx) arguments -> {
      if (arguments.size() != 1 || !(arguments.get(0) instanceof TemplateScalarModel s)) {
        throw new TemplateModelException("sh(value) takes one string");
      }
      return new SimpleScalar(Sh.quote(s.getAsString()));
    });
    List<TemplateLoader> loaders = new ArrayList<>();
    for (Path dir : this.templateDirs) {
      if (Files.isDirectory(dir)) {
        try {
          loaders.add(new FileTemplateLoader(dir.toFile()));
        } catch (IOException e) {
          throw new InputException("cannot use template directory " + dir + ": " + e.getMessage(), e);
        }
      }
    }
    if (!loaders.isEmpty()) {
      // Lets <#include>/<#import> inside a template find its siblings.
      cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(new TemplateLoader[0])));
    }
  }

  /** The directories searched by {@link #renderFile}, in order. */
  public List<Path> templateDirs() {
    return templateDirs;
  }

  /**
   * Interpolates every string inside {@code value} (maps and lists recursively). A string that is
   * exactly one {@code ${expr}} keeps the expression's type (list, map, number, boolean). Strings
   * without {@code ${} are returned as they are. Returns new maps and lists; never modifies {@code
   * value}.
   *
   * @param where the task, for messages ("playbook.yml:12:3: task 'x'")
   * @throws io.jprov.InputException on a syntax error, naming {@code where}
   * @throws UndefinedVariableException on an undefined variable, naming {@code where}
   */
  public Object interpolate(Object value, Map<String, Object> model, String where) {
    if (value instanceof String s) {
      return interpolateString(s, model, where);
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, interpolate(v, model, where)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(interpolate(v, model, where)));
      return out;
    }
    return value;
  }

  private Object interpolateString(String s, Map<String, Object> model, String where) {
    if (!s.contains("${")) {
      return s;
    }
    Matcher m = SINGLE.matcher(s);
    if (m.matches() && !m.group(1).contains("${")) {
      Template t = inlineOrNull("<#assign " + RESULT + " = (" + m.group(1) + ")>");
      if (t != null) {
        return unwrap(evaluate(t, model, where), where);
      }
    }
    Template t = inline(s, where);
    return process(t, model, where);
  }

  /**
   * Evaluates a FreeMarker boolean expression such as {@code docker.users?size > 0}. A single
   * {@code ${...}} around the expression is accepted.
   *
   * @throws io.jprov.InputException on a syntax error or a non-boolean result, naming {@code where}
   * @throws UndefinedVariableException on an undefined variable, naming {@code where}
   */
  public boolean condition(String expression, Map<String, Object> model, String where) {
    String expr = expression.strip();
    Matcher m = SINGLE.matcher(expr);
    if (m.matches() && !m.group(1).contains("${")) {
      expr = m.group(1);
    }
    if (expr.isEmpty()) {
      throw new InputException(where + ": empty condition");
    }
    Template t = inline("<#assign " + RESULT + " = (" + expr + ")>", where);
    TemplateModel result = evaluate(t, model, where);
    if (result instanceof TemplateBooleanModel b) {
      try {
        return b.getAsBoolean();
      } catch (TemplateModelException e) {
        throw new InputException(where + ": " + oneLine(e.getMessage()), e);
      }
    }
    Object plain = unwrap(result, where);
    throw new InputException(where + ": condition '" + expr + "' must be true or false, but it is "
        + describe(plain));
  }

  /**
   * Renders a template file found in the template directories (or an absolute path).
   *
   * @throws io.jprov.InputException when missing or when rendering fails, naming the template
   *     file:line:column and {@code where} ({@link UndefinedVariableException} for an undefined variable)
   */
  public String renderFile(String name, Map<String, Object> model, String where) {
    Path file = find(name);
    if (file == null) {
      throw new InputException(where + ": template '" + name + "' not found"
          + (Path.of(name).isAbsolute() ? "" : " in " + templateDirs));
    }
    return process(fileTemplate(file, where), model, where);
  }

  /** The template file {@code name} resolves to, or null: an absolute path, else the first dir holding it. */
  public Path find(String name) {
    Path p = Path.of(name);
    if (p.isAbsolute()) {
      return Files.isRegularFile(p) ? p : null;
    }
    for (Path dir : templateDirs) {
      Path candidate = dir.resolve(name).normalize();
      if (candidate.startsWith(dir.normalize()) && Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private Template fileTemplate(Path file, String where) {
    try {
      long modified = Files.getLastModifiedTime(file).toMillis();
      long size = Files.size(file);
      CachedFile cached = files.get(file);
      if (cached != null && cached.modified == modified && cached.size == size) {
        return cached.template;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // named relative to its template directory, so that a relative <#include> inside it is
      // resolved by the template loader (an absolute name would not be found there); messages
      // still show the file's path
      Template t = new Template(loaderName(file), file.toString(), new StringReader(text), cfg);
      files.put(file, new CachedFile(modified, size, t));
      return t;
    } catch (ParseException e) {
      throw new InputException(where + ": " + file + ":" + e.getLineNumber() + ":"
          + e.getColumnNumber() + ": " + oneLine(e.getEditorMessage()), e);
    } catch (IOException e) {
      throw new InputException(where + ": cannot read template " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file's name relative to the first template directory holding it, else its absolute path. */
  private String loaderName(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    for (Path dir : templateDirs) {
      Path d = dir.toAbsolutePath().normalize();
      if (abs.startsWith(d)) {
        return d.relativize(abs).toString().replace(java.io.File.separatorChar, '/');
      }
    }
    return abs.toString();
  }

  /** {@link #inline}, or null when {@code source} does not parse. */
  private Template inlineOrNull(String source) {
    try {
      return inline(source, "");
    } catch (InputException e) {
      return null;
    }
  }

  private Template inline(String source, String where) {
    Template t = inline.get(source);
    if (t != null) {
      return t;
    }
    try {
      t = new Template("inline", new StringReader(source), cfg);
    } catch (ParseException e) {
      throw new InputException(where + ": " + oneLine(e.getEditorMessage()) + " in \"" + source
          .replace("<#assign " + RESULT + " = (", "").replaceAll("\\)>$", "") + "\"", e);
    } catch (IOException e) {
      throw new InputException(where + ": " + oneLine(e.getMessage()), e);
    }
    cache(source, t);
    return t;
  }

  private void cache(String source, Template t) {
    if (inline.size() >= MAX_CACHED) {
      inline.clear();
    }
    inline.put(source, t);
  }

  private TemplateModel evaluate(Template t, Map<String, Object> model, String where) {
    try {
      Environment env = t.createProcessingEnvironment(model, Writer.nullWriter());
      env.process();
      return env.getCurrentNamespace().get(RESULT);
    } catch (StackOverflowError e) {
      throw tooDeep(t, where);
    } catch (TemplateException e) {
      throw translate(e, where, false);
    } catch (IOException e) {
      throw new InputException(where + ": " + oneLine(e.getMessage()), e);
    }
  }

  private String process(Template t, Map<String, Object> model, String where) {
    StringWriter out = new StringWriter();
    try {
      t.process(model, out);
    } catch (StackOverflowError e) {
      throw tooDeep(t, where);
    } catch (TemplateException e) {
      throw translate(e, where, !"inline".equals(t.getName()));
    } catch (IOException e) {
      throw new InputException(where + ": " + oneLine(e.getMessage()), e);
    }
    return out.toString();
  }

  /**
   * A template that calls itself without end (a recursive macro, function or include) overflows
   * the stack: an input error naming the template, not a crash. The stack unwound when the error
   * was caught, so carrying on is safe.
   */
  private static InputException tooDeep(Template t, String where) {
    return new InputException(where + ": " + ("inline".equals(t.getName()) ? "expression" : "template " + t.getSourceName())
        + ": recursion too deep (a macro, function or #include that calls itself without end?)");
  }

  private static Object unwrap(TemplateModel m, String where) {
    if (m == null) {
      return null;
    }
    try {
      return DeepUnwrap.unwrap(m);
    } catch (TemplateModelException e) {
      throw new InputException(where + ": " + oneLine(e.getMessage()), e);
    }
  }

  private static InputException translate(TemplateException e, String where, boolean file) {
    String location = "";
    if (file && e.getTemplateSourceName() != null && e.getLineNumber() != null) {
      location = e.getTemplateSourceName() + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": ";
    }
    if (e instanceof InvalidReferenceException && e.getBlamedExpressionString() != null) {
      String blamed = e.getBlamedExpressionString();
      // Our own wrapper for typed values and conditions: "(expr)".
      if (blamed.startsWith("(") && blamed.endsWith(")")) {
        blamed = blamed.substring(1, blamed.length() - 1);
      }
      return new UndefinedVariableException(where + ": " + location + "undefined variable '" + blamed + "'", blamed, e);
    }
    return new InputException(where + ": " + location + oneLine(e.getMessageWithoutStackTop()), e);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "template error";
    }
    String m = message.strip();
    // FreeMarker appends tips and separators after the first paragraph.
    int cut = m.indexOf("\n\n");
    if (cut < 0) {
      cut = m.indexOf("\n----");
    }
    if (cut > 0) {
      m = m.substring(0, cut);
    }
    int help = m.indexOf(" Help (latest version)");
    if (help > 0) {
      m = m.substring(0, help);
    }
    m = m.replaceAll("\\s*\\n\\s*", " ")
        .replaceAll(" ?\\(wrapper: [^)]*\\)", "")
        .replaceAll("\\s*\\[in template \"[^\"]*\" at line \\d+, column \\d+]", "")
        .replace("The blamed expression: ==> ", "in: ")
        .replace(": ==> ", ": ")
        .strip();
    return m.length() > 400 ? m.substring(0, 400) + "…" : m;
  }

  private static String describe(Object v) {
    return Text.describe(v);
  }
}
