package io.jprov.modules;

import io.jprov.template.Templates;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The modules a playbook may use, by name: the one list of modules (the case tests and docs/modules.md follow it). Immutable, thread-safe. */
public final class ModuleRegistry {
  private final Map<String, TaskModule<?>> modules = new LinkedHashMap<>();

  public ModuleRegistry(List<TaskModule<?>> modules) {
    for (TaskModule<?> m : modules) {
      this.modules.put(m.name(), m);
    }
  }

  /** Every built-in module, with a renderer that finds templates only by absolute path. */
  public static ModuleRegistry builtin() {
    return builtin(new Templates(List.of()));
  }

  /**
   * Every built-in module. {@code template} looks templates up in {@code templates/} of the jprov
   * home and the playbook's directory (from its task context), then in {@code templates}' dirs.
   *
   * @param templates the renderer shared with argument interpolation (it caches parsed templates)
   */
  public static ModuleRegistry builtin(Templates templates) {
    return new ModuleRegistry(List.<TaskModule<?>>of(
        new AssertPlatformModule(),
        new FileModule(),
        new TemplateModule(templates),
        new CommandModule(),
        new PackageModule(),
        new YumRepoModule(templates),
        new AptRepoModule(),
        new RepoKeyModule(),
        new BaseReposModule(),
        new SysctlModule(),
        new GroupModule(),
        new UserGroupsModule(),
        new ServiceModule(),
        new DockerRestartModule(templates),
        new DockerVerifyModule(),
        new BundleUploadModule(),
        new RpmKeyModule(),
        new FlushHandlersModule()));
  }

  /** The module of that name, or null. */
  public TaskModule<?> get(String name) {
    return modules.get(name);
  }

  public Collection<String> names() {
    return modules.keySet();
  }
}
