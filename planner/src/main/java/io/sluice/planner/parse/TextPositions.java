package io.sluice.planner.parse;

/** Line and column of an offset in a statement's text, as users and Calcite count them. */
public final class TextPositions {
  private TextPositions() {}

  /** "line L, column C", both counted from 1. */
  public static String describe(String text, int offset) {
    int line = 1;
    int column = 1;
    int end = Math.min(offset, text.length());
    for (int index = 0; index < end; index++) {
      if (text.charAt(index) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return "line " + line + ", column " + column;
  }
}
