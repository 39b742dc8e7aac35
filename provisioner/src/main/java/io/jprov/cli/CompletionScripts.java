package io.jprov.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The bash and zsh completion scripts, generated from the command tree of {@link Cli#commandLine}
 * by picocli's {@link AutoComplete}, so a new command or option completes without anyone editing a
 * script (docs/completion.md).
 *
 * <p>picocli completes file names only for arguments typed {@code File} or {@code Path}; most of
 * jprov's file arguments are strings. So the scripts are generated from a copy of the tree in which
 * every argument whose label names a file ({@link #FILE_LABELS}) is a {@code Path}. The arguments
 * labelled {@code PATTERN} ({@code --limit}) complete the host and group names of the {@code -i}
 * inventory on the line, which a small function in front of picocli's asks {@code jprov __complete
 * hosts-and-groups} for.
 */
public final class CompletionScripts {
  /** Labels of the arguments that name a file or a directory. */
  static final Set<String> FILE_LABELS = Set.of("FILE", "FILE|-", "DIR", "INVENTORY", "PLAYBOOK", "REPORT");

  /** Label of the arguments that take a host pattern. */
  static final String PATTERN_LABEL = "PATTERN";

  private CompletionScripts() {}

  /** The bash script: {@code source} it, or install it as /usr/share/bash-completion/completions/jprov. */
  public static String bash(CommandLine root) {
    String name = root.getCommandName();
    String picocli = AutoComplete.bash(name, new CommandLine(view(root.getCommandSpec(), null)));
    return picocli + front(name, patternOptions(root.getCommandSpec()));
  }

  /**
   * The zsh function {@code _jprov} (a file in a directory of {@code $fpath}): the bash script run
   * by zsh's own bash-completion emulation, bashcompinit. Loaded on the first TAB, it defines the
   * bash functions once, then answers that first TAB too.
   */
  public static String zsh(CommandLine root) {
    String name = root.getCommandName();
    return "#compdef " + name + "\n"
        + "# zsh completion of " + name + ": the bash completion generated from " + name + "'s commands, run through\n"
        + "# zsh's bashcompinit. Install as _" + name + " in a directory of $fpath (docs/completion.md).\n"
        + "autoload -U +X bashcompinit && bashcompinit\n"
        + "# bash's compopt (file names, no default) has no counterpart in bashcompinit: zsh does without\n"
        + "(( $+functions[compopt] )) || compopt() { return 0; }\n"
        + "if (( ! $+functions[_complete_" + name + "] )); then\n"
        + "  # the bash script sets complete_aliases and aliases compopt for zsh: not kept in the user's shell\n"
        + "  [[ -o complete_aliases ]] && _" + name + "_ca=1 || _" + name + "_ca=0\n"
        + "  eval \"$(cat <<'JPROV_BASH_COMPLETION'\n"
        + bash(root)
        + "JPROV_BASH_COMPLETION\n"
        + ")\"\n"
        + "  (( _" + name + "_ca )) || unsetopt complete_aliases\n"
        + "  unset _" + name + "_ca\n"
        + "  unalias compopt 2>/dev/null\n"
        + "fi\n"
        + "# called as the completion function (not sourced): answer this TAB\n"
        + "[[ ${funcstack[1]} == _" + name + " ]] && _bash_complete -F _" + name + "_complete\n";
  }

  /**
   * The function registered for {@code name}: for an option taking a host pattern, the names of
   * the inventory given earlier on the line; for everything else, picocli's generated function.
   */
  private static String front(String name, List<String> patternOptions) {
    String fn = "_" + name + "_complete";
    StringBuilder b = new StringBuilder();
    b.append("\n# ").append(name).append(": options taking a host pattern complete the host and group names of the\n")
        .append("# -i inventory given earlier on the line (asked of the hidden '").append(name)
        .append(" __complete hosts-and-groups');\n")
        .append("# everything else is completed by the functions above.\n")
        .append("function ").append(fn).append("() {\n")
        .append("  [ -n \"$ZSH_VERSION\" ] && setopt localoptions ksharrays\n")
        .append("  local curr_word=${COMP_WORDS[COMP_CWORD]}\n")
        .append("  local prev_word=${COMP_WORDS[COMP_CWORD-1]}\n");
    if (!patternOptions.isEmpty()) {
      b.append("  case ${prev_word} in\n")
          .append("    ").append(String.join("|", patternOptions)).append(")\n")
          .append("      local inventory=\"\" i\n")
          .append("      for (( i = 1; i < COMP_CWORD - 1; i++ )); do\n")
          .append("        case ${COMP_WORDS[i]} in\n")
          .append("          -i|--inventory) inventory=${COMP_WORDS[i+1]} ;;\n")
          .append("          --inventory=*) inventory=${COMP_WORDS[i]#--inventory=} ;;\n")
          .append("        esac\n")
          .append("      done\n")
          .append("      COMPREPLY=()\n")
          .append("      [ -n \"${inventory}\" ] || return 0\n")
          .append("      case ${inventory} in \\~/*) inventory=${HOME}/${inventory#\\~/} ;; esac\n")
          // the jprov typed (./jprov in a checkout, or the one on PATH)
          .append("      local self=${COMP_WORDS[0]}\n")
          .append("      case ${self} in \\~/*) self=${HOME}/${self#\\~/} ;; esac\n")
          .append("      local IFS=$'\\n'\n")
          .append("      COMPREPLY=( $(compgen -W \"$(command \"${self}\"")
          .append(" __complete hosts-and-groups -i \"${inventory}\" 2>/dev/null)\" -- \"${curr_word}\") )\n")
          .append("      return 0\n")
          .append("      ;;\n")
          .append("  esac\n");
    }
    b.append("  _complete_").append(name).append(" \"$@\"\n")
        .append("}\n")
        // no "-o default": where nothing matches (a --limit without an inventory), offer nothing rather than files
        .append("complete -F ").append(fn).append(" ").append(name).append("\n");
    return b.toString();
  }

  /** Names of the options, anywhere in the tree, that take a host pattern. */
  static List<String> patternOptions(CommandSpec spec) {
    Set<String> names = new LinkedHashSet<>();
    collectPatternOptions(spec, names);
    return new ArrayList<>(names);
  }

  private static void collectPatternOptions(CommandSpec spec, Set<String> names) {
    if (spec.usageMessage().hidden()) {
      return;
    }
    for (OptionSpec o : spec.options()) {
      if (!o.hidden() && PATTERN_LABEL.equals(o.paramLabel())) {
        names.addAll(List.of(o.names()));
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      collectPatternOptions(sub.getCommandSpec(), names);
    }
  }

  /** Whether an argument names a file: typed as one, or labelled as one. */
  static boolean isFile(CommandLine.Model.ArgSpec arg) {
    Class<?> type = arg.typeInfo().isMultiValue() ? arg.typeInfo().getAuxiliaryTypes()[0] : arg.type();
    return type == Path.class || type == java.io.File.class || FILE_LABELS.contains(arg.paramLabel());
  }

  /** {@code type}, single-valued, as the type of {@code arg} in the copy the completion is generated from. */
  private static CommandLine.Model.ITypeInfo typeInfo(Class<?> type, CommandLine.Model.ArgSpec arg) {
    // picocli derives a type's info itself only in a new builder
    return OptionSpec.builder("-x").type(type).auxiliaryTypes(type).arity(arg.arity()).build().typeInfo();
  }

  /**
   * A copy of {@code spec} and its subcommands for the completion generator only: file arguments
   * typed as {@code Path}; the positional COMMAND of {@code help} completes the commands. Never
   * executed.
   */
  static CommandSpec view(CommandSpec spec, CommandSpec parent) {
    CommandSpec copy = CommandSpec.create().name(spec.name());
    copy.usageMessage().hidden(spec.usageMessage().hidden());
    for (OptionSpec o : spec.options()) {
      OptionSpec.Builder b = o.toBuilder();
      if (isFile(o)) {
        b.typeInfo(typeInfo(Path.class, o));
      } else if (o.arity().max() == 0 && o.type() != boolean.class) {
        // a repeatable flag (-vv, boolean[]): picocli would otherwise expect a value after it
        b.typeInfo(typeInfo(boolean.class, o));
      }
      copy.addOption(b.build());
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      PositionalParamSpec.Builder b = p.toBuilder();
      if (isFile(p)) {
        b.typeInfo(typeInfo(Path.class, p));
      } else if (spec.userObject() instanceof HelpCommand && parent != null) {
        List<String> commands = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : parent.subcommands().entrySet()) {
          if (!e.getValue().getCommandSpec().usageMessage().hidden() && !e.getKey().equals(spec.name())) {
            commands.add(e.getKey());
          }
        }
        b.completionCandidates(commands);
      }
      copy.addPositional(b.build());
    }
    for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
      copy.addSubcommand(e.getKey(), new CommandLine(view(e.getValue().getCommandSpec(), spec)));
    }
    return copy;
  }
}
