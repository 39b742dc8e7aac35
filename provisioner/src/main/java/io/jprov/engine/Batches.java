package io.jprov.engine;

import io.jprov.InputException;
import java.util.ArrayList;
import java.util.List;

/** Splits hosts into rolling batches ({@code serial}). */
final class Batches {
  private Batches() {}

  /**
   * @param serial null (one batch), {@code N} or {@code N%} (of the selected hosts, at least 1)
   */
  static <T> List<List<T>> split(List<T> hosts, String serial) {
    int size = size(serial, hosts.size());
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i += size) {
      out.add(hosts.subList(i, Math.min(hosts.size(), i + size)));
    }
    return out;
  }

  static int size(String serial, int total) {
    if (serial == null || serial.isBlank() || total == 0) {
      return Math.max(1, total);
    }
    String s = serial.strip();
    try {
      if (s.endsWith("%")) {
        int pct = Integer.parseInt(s.substring(0, s.length() - 1).strip());
        if (pct <= 0 || pct > 100) {
          throw new NumberFormatException();
        }
        return Math.max(1, (int) ((long) total * pct / 100));
      }
      int n = Integer.parseInt(s);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InputException("serial: expected a positive number or a percentage such as 20%, found '" + serial + "'");
    }
  }
}
