package dev.runnerlint.dockerfile;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile parser and its model (instructions with their line numbers and build stages); it
 * points findings at the line responsible for them ({@code --dockerfile}).
 *
 * <p>Config findings go to the last {@code USER} / {@code WORKDIR} / {@code ENV} (setting the key)
 * / {@code ENTRYPOINT} / {@code CMD} of the final stage (following {@code FROM <earlier stage>});
 * file findings go to the instruction whose layer last wrote the path, found by matching the
 * layer's history {@code created_by} (BuildKit's {@code RUN /bin/sh -c … # buildkit}, the classic
 * builder's {@code /bin/sh -c #(nop) COPY file:… in /dst}) against the instructions. Anything else
 * goes to the final stage's {@code FROM} line. Heredoc bodies are skipped, not interpreted.
 */
public final class Dockerfile implements DockerfileLocator {

  /**
   * One instruction.
   *
   * @param line the one-based line it starts on
   * @param keyword upper case, e.g. {@code RUN}
   * @param arguments the rest, continuation lines joined (escape and newline removed)
   * @param stage zero-based build stage; -1 for instructions before the first {@code FROM}
   */
  public record Instruction(int line, String keyword, String arguments, int stage) {}

  /**
   * One build stage.
   *
   * @param index zero-based
   * @param base the image or earlier stage named by {@code FROM}
   * @param name the {@code AS} name, when given
   * @param from the {@code FROM} instruction
   */
  public record Stage(int index, String base, Optional<String> name, Instruction from) {}

  private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([A-Za-z]+)\\s*=\\s*(\\S*)\\s*");
  private static final Pattern HEREDOC =
      Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");

  private final String path;
  private final List<Instruction> instructions;
  private final List<Stage> stages;

  private final InstructionLocator locator;

  private Dockerfile(String path, List<Instruction> instructions, List<Stage> stages) {
    this.path = path;
    this.instructions = List.copyOf(instructions);
    this.stages = List.copyOf(stages);
    this.locator = new InstructionLocator(path, this.instructions, this.stages);
  }

  /**
   * Reads {@code file} and names it by its path relative to {@code root} (the repository root,
   * usually the working directory), as SARIF and GitHub annotations need.
   *
   * @throws IllegalArgumentException when the file is not under {@code root}
   */
  public static Dockerfile read(Path file, Path root) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    Path base = root.toAbsolutePath().normalize();
    if (!absolute.startsWith(base) || absolute.equals(base)) {
      throw new IllegalArgumentException(
          "Dockerfile "
              + file
              + " is not inside "
              + base
              + ": report locations must be relative to the repository root; run from there");
    }
    String relative = base.relativize(absolute).toString().replace('\\', '/');
    return parse(relative, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  /** Parses Dockerfile {@code text}; {@code path} is how locations name the file. */
  public static Dockerfile parse(String path, String text) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    char escape = '\\';
    int i = 0;
    // Parser directives: only at the very top, before any instruction, comment or blank line.
    while (i < lines.length) {
      Matcher m = DIRECTIVE.matcher(lines[i].strip());
      if (!m.matches()) {
        break;
      }
      if (m.group(1).equalsIgnoreCase("escape") && m.group(2).length() == 1) {
        escape = m.group(2).charAt(0);
      }
      i++;
    }
    List<Instruction> instructions = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    while (i < lines.length) {
      String first = lines[i].strip();
      if (first.isEmpty() || first.startsWith("#")) {
        i++;
        continue;
      }
      int startLine = i + 1;
      StringBuilder joined = new StringBuilder();
      String current = lines[i];
      i++;
      while (true) {
        String trimmedEnd = current.stripTrailing();
        if (!trimmedEnd.isEmpty() && trimmedEnd.charAt(trimmedEnd.length() - 1) == escape) {
          joined.append(trimmedEnd, 0, trimmedEnd.length() - 1);
          // Comment and blank lines inside a continuation are dropped, as Docker does.
          while (i < lines.length
              && (lines[i].isBlank() || lines[i].stripLeading().startsWith("#"))) {
            i++;
          }
          if (i >= lines.length) {
            break;
          }
          current = lines[i];
          i++;
        } else {
          joined.append(current);
          break;
        }
      }
      String instructionText = joined.toString().strip();
      int space = firstWhitespace(instructionText);
      String keyword =
          (space < 0 ? instructionText : instructionText.substring(0, space))
              .toUpperCase(Locale.ROOT);
      String arguments = space < 0 ? "" : instructionText.substring(space).strip();
      if (keyword.equals("FROM")) {
        Instruction from = new Instruction(startLine, keyword, arguments, stages.size());
        stages.add(parseFrom(stages.size(), from));
        instructions.add(from);
      } else {
        instructions.add(new Instruction(startLine, keyword, arguments, stages.size() - 1));
      }
      if (keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD")) {
        i = skipHeredocs(arguments, lines, i);
      }
    }
    return new Dockerfile(path, instructions, stages);
  }

  /** The path locations name the file by. */
  public String path() {
    return path;
  }

  public List<Instruction> instructions() {
    return instructions;
  }

  public List<Stage> stages() {
    return stages;
  }

  @Override
  public Optional<DockerfileLocation> locate(ImageResult image, Finding finding) {
    return locator.locate(image, finding);
  }

  /**
   * The instruction that set config {@code key} ({@code User}, {@code WorkingDir}, {@code
   * Env.NAME}, {@code Entrypoint}, {@code Cmd}) in the final stage, else the final {@code FROM}.
   */
  public Optional<Instruction> forConfig(String key) {
    return locator.forConfig(key);
  }

  /**
   * The instruction whose layer has history {@code createdBy}, else the final {@code FROM} (the
   * file came from the base image, or the history does not say).
   */
  public Optional<Instruction> forLayer(Optional<String> createdBy) {
    return locator.forLayer(createdBy);
  }

  /** The variable names an ENV instruction sets ({@code K=V K2="v 2"} or legacy {@code K V}). */
  static List<String> envKeys(String arguments) {
    List<String> tokens = tokenize(arguments);
    List<String> keys = new ArrayList<>();
    if (tokens.isEmpty()) {
      return keys;
    }
    if (!tokens.get(0).contains("=")) {
      keys.add(tokens.get(0));
      return keys;
    }
    for (String t : tokens) {
      int eq = t.indexOf('=');
      if (eq > 0) {
        keys.add(t.substring(0, eq));
      }
    }
    return keys;
  }

  /** Splits on whitespace outside quotes; quotes are removed, backslash escapes kept literal. */
  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean inToken = false;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          out.add(cur.toString());
          cur.setLength(0);
          inToken = false;
        }
      } else {
        cur.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      out.add(cur.toString());
    }
    return out;
  }

  private static Stage parseFrom(int index, Instruction from) {
    List<String> tokens = new ArrayList<>();
    for (String t : from.arguments().split("\\s+")) {
      if (!t.isEmpty() && !t.startsWith("--")) {
        tokens.add(t);
      }
    }
    String base = tokens.isEmpty() ? "" : tokens.get(0);
    Optional<String> name =
        tokens.size() >= 3 && tokens.get(1).equalsIgnoreCase("AS")
            ? Optional.of(tokens.get(2))
            : Optional.empty();
    return new Stage(index, base, name, from);
  }

  private static int skipHeredocs(String arguments, String[] lines, int next) {
    Matcher m = HEREDOC.matcher(arguments);
    int i = next;
    while (m.find()) {
      boolean stripTabs = !m.group(1).isEmpty();
      String delimiter = m.group(3);
      while (i < lines.length) {
        String line = stripTabs ? lines[i].replaceFirst("^\t+", "") : lines[i];
        i++;
        if (line.equals(delimiter)) {
          break;
        }
      }
    }
    return i;
  }

  static int firstWhitespace(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (Character.isWhitespace(s.charAt(k))) {
        return k;
      }
    }
    return -1;
  }
}
