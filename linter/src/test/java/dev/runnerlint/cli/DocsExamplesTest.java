package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example in README.md and docs/*.md that shows a command and its output is run, and fails
 * when the tool's output drifts from the doc.
 *
 * <p>The examples are the {@code ```console} blocks: each {@code $ } line is a command, the lines
 * up to the next one are its output (stdout, then stderr). Commands are {@code runnerlint ...} (or
 * {@code ./runnerlint ...}), run through {@link Main} in the repository root against the committed
 * samples ({@code fixtures/samples}), and {@code echo $?} (the previous exit code). In the expected
 * output, {@code …} inside a line matches any text (e.g. a timestamp), and a line that is only
 * {@code …} matches any number of lines. A block that cannot run here (it needs a registry or a
 * Debian root filesystem) is written as {@code ```text}: illustrative, not run.
 */
class DocsExamplesTest {
  private static final Path ROOT =
      Path.of(System.getProperty("runnerlint.projectRoot", "..")).toAbsolutePath().normalize();

  record Example(String file, int line, String command, List<String> expected) {}

  @TestFactory
  Stream<DynamicTest> everyConsoleExampleMatchesTheToolsOutput() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : docs()) {
      List<List<Example>> blocks = blocks(doc);
      for (List<Example> block : blocks) {
        Example first = block.get(0);
        tests.add(
            DynamicTest.dynamicTest(
                first.file() + ":" + first.line() + " " + first.command(), () -> runBlock(block)));
      }
    }
    return tests.stream();
  }

  @Test
  void theDocsHaveExamplesThatRun() throws IOException {
    long examples = 0;
    for (Path doc : docs()) {
      examples += blocks(doc).stream().mapToLong(List::size).sum();
    }
    assertThat(examples).as("console examples in README.md and docs/*.md").isGreaterThan(3);
  }

  @Test
  void aDriftedOutputFails() {
    List<String> expected = List.of("a", "…", "x … z");
    assertThat(matches(expected, List.of("a", "b", "c", "x y z"))).isTrue();
    assertThat(matches(expected, List.of("a", "x y"))).isFalse();
    assertThat(matches(List.of("exactly"), List.of("exactly", "more"))).isFalse();
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The {@code ```console} blocks of a doc, each as its commands with their expected output. */
  static List<List<Example>> blocks(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    String name = ROOT.relativize(doc).toString();
    List<List<Example>> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```console")) {
        continue;
      }
      List<Example> block = new ArrayList<>();
      String command = null;
      int commandLine = 0;
      List<String> expected = new ArrayList<>();
      int j = i + 1;
      for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
        String l = lines.get(j);
        if (l.startsWith("$ ")) {
          if (command != null) {
            block.add(new Example(name, commandLine, command, expected));
          }
          command = l.substring(2).replaceAll("\\s+#.*$", "").strip();
          commandLine = j + 1;
          expected = new ArrayList<>();
        } else {
          assertThat(command)
              .as(name + ":" + (j + 1) + ": output before any '$ ' line")
              .isNotNull();
          expected.add(l);
        }
      }
      if (command != null) {
        block.add(new Example(name, commandLine, command, expected));
      }
      assertThat(block)
          .as(name + ":" + (i + 1) + ": a console block without a command")
          .isNotEmpty();
      blocks.add(block);
      i = j;
    }
    return blocks;
  }

  private static void runBlock(List<Example> block) {
    int lastCode = 0;
    for (Example e : block) {
      List<String> actual;
      List<String> argv = words(e.command());
      if (argv.equals(List.of("echo", "$?"))) {
        actual = List.of(Integer.toString(lastCode));
      } else {
        assertThat(argv.get(0))
            .as(e.file() + ":" + e.line() + ": only runnerlint and 'echo $?' can run here")
            .isIn("runnerlint", "./runnerlint");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args =
            argv.subList(1, argv.size()).stream()
                .map(DocsExamplesTest::absolute)
                .toArray(String[]::new);
        lastCode =
            Main.run(
                args,
                new PrintWriter(out),
                new PrintWriter(err),
                new Environment(ROOT, Map.of(), false));
        String root = ROOT + "/";
        actual = new ArrayList<>();
        (out.toString() + err).lines().map(l -> l.replace(root, "")).forEach(actual::add);
      }
      List<String> expected = trimTrailingBlank(e.expected());
      assertThat(matches(expected, trimTrailingBlank(actual)))
          .as(
              "%s:%d: '$ %s' prints something else than the doc shows.%n--- doc:%n%s%n--- tool:%n%s",
              e.file(),
              e.line(),
              e.command(),
              String.join("\n", expected),
              String.join("\n", actual))
          .isTrue();
    }
  }

  /** Local image paths are relative to the repository root (the JVM may run elsewhere). */
  private static String absolute(String arg) {
    for (String t : List.of("oci:", "oci-archive:", "docker-archive:")) {
      if (arg.startsWith(t) && !arg.startsWith(t + "/")) {
        return t + ROOT.resolve(arg.substring(t.length()));
      }
    }
    return arg;
  }

  private static List<String> trimTrailingBlank(List<String> lines) {
    List<String> l = new ArrayList<>(lines);
    while (!l.isEmpty() && l.get(l.size() - 1).isBlank()) {
      l.remove(l.size() - 1);
    }
    return l;
  }

  /** Line-by-line equality, with {@code …} as the wildcard described in the class comment. */
  static boolean matches(List<String> expected, List<String> actual) {
    return matches(expected, 0, actual, 0);
  }

  private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
    if (e == expected.size()) {
      return a == actual.size();
    }
    String want = expected.get(e);
    if (want.strip().equals("…")) {
      for (int skip = a; skip <= actual.size(); skip++) {
        if (matches(expected, e + 1, actual, skip)) {
          return true;
        }
      }
      return false;
    }
    return a < actual.size()
        && lineMatches(want, actual.get(a))
        && matches(expected, e + 1, actual, a + 1);
  }

  private static boolean lineMatches(String want, String got) {
    if (!want.contains("…")) {
      return want.equals(got);
    }
    List<String> parts = new ArrayList<>();
    for (String part : want.split("…", -1)) {
      parts.add(Pattern.quote(part));
    }
    String regex = String.join(".*", parts);
    return Pattern.compile(regex).matcher(got).matches();
  }

  /** Splits a command line into words: spaces separate, '…' and "…" quote. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }
}
