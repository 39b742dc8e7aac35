package io.jprov.inventory;

/**
 * Checks the value of one top-level variable where it was written, while the inventory (or
 * {@code -e}) is loaded, so that a wrong value is an input error naming {@code file:line:column}
 * (or {@code -e name}) before any host is contacted.
 */
@FunctionalInterface
public interface VarCheck {
  /**
   * @param value the variable's value; never null and never an unset ({@code null}) value
   * @throws io.jprov.InputException naming where the offending part was written ({@link
   *     VarNode#error})
   */
  void check(VarNode value);
}
