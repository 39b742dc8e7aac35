package io.jprov.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables that the inventory does not know itself but that whoever uses it (a playbook and
 * its modules) gives a meaning to: each top-level name with its check. The loader runs the check
 * on every layer where the name is written, and points near misses of the names at them ("did you
 * mean"). Immutable.
 *
 * @param checks top-level variable name → check, in the order names are suggested
 * @param effective a check of one host's variables as a run sees them, every layer merged (the
 *     playbook's defaults included; see {@link Inventory#checkEffective}), for what no single layer
 *     can tell; or null
 */
public record VarSchema(Map<String, VarCheck> checks, VarCheck effective) {
  /** No variables beyond the connection variables. */
  public static final VarSchema NONE = new VarSchema(Map.of());

  public VarSchema {
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  /** Checks of single layers only. */
  public VarSchema(Map<String, VarCheck> checks) {
    this(checks, null);
  }
}
