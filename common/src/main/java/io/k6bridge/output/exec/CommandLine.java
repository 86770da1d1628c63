package io.k6bridge.output.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the command after {@code exec=} or {@code plugin=} into program and arguments the way a
 * POSIX shell splits words, without running a shell: spaces separate words, single quotes keep
 * everything literal, double quotes keep spaces, a backslash escapes the next character outside
 * single quotes. No globbing, variables or pipes: the process is started directly.
 */
public final class CommandLine {
  private CommandLine() {}

  static List<String> split(String command) {
    return split(command, false);
  }

  /**
   * @param comments whether a {@code #} that starts a word starts a comment to the end of the line,
   *     as google/shlex (which xk6-output-plugin uses) has it
   */
  public static List<String> split(String command, boolean comments) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\\' && i + 1 < command.length()) {
        word.append(command.charAt(++i));
        inWord = true;
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (comments && c == '#' && !inWord) {
        int end = command.indexOf('\n', i);
        i = end < 0 ? command.length() : end;
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated " + quote + " quote");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
