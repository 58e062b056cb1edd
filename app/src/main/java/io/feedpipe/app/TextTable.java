package io.feedpipe.app;

import java.util.List;

/** Rows of cells as an aligned text table: columns padded to their widest cell, two spaces apart. */
final class TextTable {
  private TextTable() {}

  static String render(List<List<String>> rows) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        out.append(i == row.size() - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
