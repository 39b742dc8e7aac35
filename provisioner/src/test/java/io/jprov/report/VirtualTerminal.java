package io.jprov.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a VT100 to check what a person sees: printable characters (auto-wrapping at the
 * right margin), CR, LF (as the tty's ONLCR makes it: CR LF), cursor up ({@code ESC [ n A}, not
 * above the top of the screen), erase in the line ({@code ESC [ K}, {@code ESC [ 2 K}) and to the
 * end of the screen ({@code ESC [ J}); colours are ignored. Lines wrapped at the margin are
 * reflowed on a {@link #resize} as tmux 3.3 does (screen-write.c: a line feed keeps a line's
 * "wrapped" mark; only erasing the whole line drops it), and {@code ESC [ J} from the top-left
 * corner of the screen pushes the screen into the scrollback (tmux's scroll-on-clear). Lines that scrolled off the top stay in the scrollback,
 * as in a real terminal: that is where a view drawn badly would leave its copies.
 */
final class VirtualTerminal {
  private int columns;
  private final int rows;
  private final List<StringBuilder> lines = new ArrayList<>();
  /** Per line: whether it was wrapped at the right margin into the next (one logical line). */
  private final List<Boolean> wraps = new ArrayList<>();
  private int row;
  private int col;
  /** Where the screen's top is after a scroll-on-clear (the lines above are scrollback). */
  private int floor;
  /** The most lines there have been, scrollback included. */
  private int most = 1;

  VirtualTerminal(int columns, int rows) {
    this.columns = columns;
    this.rows = rows;
    lines.add(new StringBuilder());
    wraps.add(false);
  }

  void feed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u001b') {
        int j = i + 2;
        while (j < text.length() && !Character.isLetter(text.charAt(j))) {
          j++;
        }
        String arg = text.substring(i + 2, j);
        char cmd = text.charAt(j);
        switch (cmd) {
          case 'A' -> row = Math.max(top(), row - (arg.isEmpty() ? 1 : Integer.parseInt(arg)));
          case 'K' -> {
            // tmux: a line erased whole (2K, or K from its start) is no longer wrapped into the next
            truncate(lines.get(row), arg.equals("2") ? 0 : col);
            if (arg.equals("2") || col == 0) {
              wraps.set(row, false);
            }
          }
          case 'J' -> {
            if (col == 0 && row == top()) {
              // tmux's scroll-on-clear: the whole screen erased from its top-left corner goes to
              // the scrollback, not away; the cursor stays at the top of the now empty screen
              while (!lines.isEmpty() && lines.get(lines.size() - 1).length() == 0 && lines.size() > row + 1) {
                lines.remove(lines.size() - 1);
                wraps.remove(wraps.size() - 1);
              }
              lines.add(new StringBuilder());
              wraps.add(false);
              row = lines.size() - 1;
              floor = row;
              most = Math.max(most, lines.size());
              break;
            }
            truncate(lines.get(row), col);
            while (lines.size() > row + 1) {
              lines.remove(lines.size() - 1);
              wraps.remove(wraps.size() - 1);
            }
            if (col == 0) {
              wraps.set(row, false);
            }
          }
          case 'm' -> { }
          default -> throw new AssertionError("unexpected escape sequence ESC[" + arg + cmd);
        }
        i = j;
      } else if (c == '\r') {
        col = 0;
      } else if (c == '\n') {
        // as in tmux, a line feed leaves the line's "wrapped" mark as it is
        newline();
      } else if (c < 0x20) {
        throw new AssertionError("control character " + (int) c + " printed");
      } else {
        if (col == columns) {
          wraps.set(row, true);
          newline();
        }
        StringBuilder l = lines.get(row);
        while (l.length() < col) {
          l.append(' ');
        }
        if (col < l.length()) {
          l.setCharAt(col, c);
        } else {
          l.append(c);
        }
        col++;
      }
    }
  }

  private void newline() {
    row++;
    col = 0;
    if (row == lines.size()) {
      lines.add(new StringBuilder());
      wraps.add(false);
      most = Math.max(most, lines.size());
    }
  }

  private static void truncate(StringBuilder l, int at) {
    if (l.length() > at) {
      l.setLength(at);
    }
  }

  /**
   * The window made {@code newColumns} wide, its lines reflowed as tmux does: each logical line
   * (rows joined where they wrapped) split again at the new width. The cursor must be at the start
   * of the last, empty line, where the console leaves it.
   */
  void resize(int newColumns) {
    if (col != 0 || row != lines.size() - 1 || lines.get(row).length() > 0) {
      throw new AssertionError("resize with the cursor at " + row + ":" + col);
    }
    List<String> logical = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < lines.size() - 1; i++) {
      cur.append(lines.get(i));
      if (!wraps.get(i)) {
        logical.add(cur.toString());
        cur = new StringBuilder();
      }
    }
    lines.clear();
    wraps.clear();
    for (String l : logical) {
      int at = 0;
      do {
        int end = Math.min(l.length(), at + newColumns);
        lines.add(new StringBuilder(l.substring(at, end)));
        wraps.add(end < l.length());
        at = end;
      } while (at < l.length());
    }
    lines.add(new StringBuilder());
    wraps.add(false);
    columns = newColumns;
    row = lines.size() - 1;
    most = Math.max(most, lines.size());
  }

  /** The first line of the screen: the cursor cannot go above it. */
  private int top() {
    return Math.max(floor, Math.max(0, lines.size() - rows));
  }

  /** Every line, scrollback included, without the cursor's empty last line. */
  List<String> all() {
    List<String> out = new ArrayList<>();
    lines.forEach(l -> out.add(l.toString()));
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty() && out.size() - 1 >= row) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** The most lines there have been at any moment, scrollback included, the cursor's line left out. */
  int mostLines() {
    return most - 1;
  }

  /** The lines on the screen now (the last {@code rows} lines). */
  List<String> screen() {
    List<String> out = new ArrayList<>();
    for (int i = top(); i < lines.size(); i++) {
      out.add(lines.get(i).toString());
    }
    return out;
  }
}
