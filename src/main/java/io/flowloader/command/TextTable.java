package io.flowloader.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with a header row, columns padded to their widest cell. */
final class TextTable {

  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  TextTable row(Object... cells) {
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(PrintStream out) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (int n = 0; n < rows.size(); n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = rows.get(n)[i];
        sb.append(cell);
        if (i < columns - 1) {
          sb.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
      if (n == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          rule.append("-".repeat(width[i])).append(i < columns - 1 ? "  " : "");
        }
        out.println(rule);
      }
    }
  }
}
