package dev.runnerlint.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.io.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Dockerfile (instructions with their line numbers and build stages) that points findings
 * at the line responsible for them ({@code --dockerfile}).
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
  private static final Pattern BUILD_ARGS = Pattern.compile("^\\|(\\d+)\\s+");
  private static final String SHELL = "/bin/sh -c ";
  private static final String NOP = "#(nop) ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String path;
  private final List<Instruction> instructions;
  private final List<Stage> stages;

  private Dockerfile(String path, List<Instruction> instructions, List<Stage> stages) {
    this.path = path;
    this.instructions = List.copyOf(instructions);
    this.stages = List.copyOf(stages);
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
    Optional<Instruction> instruction =
        switch (finding.subject().kind()) {
          case CONFIG -> forConfig(finding.subject().value());
          case FILE -> forLayer(finding.layer().flatMap(Finding.LayerRef::createdBy));
        };
    return instruction.map(ins -> new DockerfileLocation(path, ins.line()));
  }

  /**
   * The instruction that set config {@code key} ({@code User}, {@code WorkingDir}, {@code
   * Env.NAME}, {@code Entrypoint}, {@code Cmd}) in the final stage, else the final {@code FROM}.
   */
  public Optional<Instruction> forConfig(String key) {
    Predicate<Instruction> setsKey = configPredicate(key);
    for (Instruction ins : finalStageChainReversed()) {
      if (setsKey.test(ins)) {
        return Optional.of(ins);
      }
    }
    return finalFrom();
  }

  /**
   * The instruction whose layer has history {@code createdBy}, else the final {@code FROM} (the
   * file came from the base image, or the history does not say).
   */
  public Optional<Instruction> forLayer(Optional<String> createdBy) {
    if (createdBy.isEmpty()) {
      return finalFrom();
    }
    Signature sig = Signature.of(createdBy.get());
    List<Instruction> candidates = finalStageChainReversed();
    for (Instruction ins : candidates) {
      if (sig.matchesExactly(ins)) {
        return Optional.of(ins);
      }
    }
    for (Instruction ins : candidates) {
      if (sig.matchesDestination(ins)) {
        return Optional.of(ins);
      }
    }
    return finalFrom();
  }

  private Optional<Instruction> finalFrom() {
    return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1).from());
  }

  /** Final stage's instructions, then those of the earlier stage it is built FROM, newest first. */
  private List<Instruction> finalStageChainReversed() {
    List<Instruction> out = new ArrayList<>();
    if (stages.isEmpty()) {
      return out;
    }
    Set<Integer> seen = new HashSet<>();
    Stage stage = stages.get(stages.size() - 1);
    while (stage != null && seen.add(stage.index())) {
      for (int k = instructions.size() - 1; k >= 0; k--) {
        Instruction ins = instructions.get(k);
        if (ins.stage() == stage.index() && !ins.keyword().equals("FROM")) {
          out.add(ins);
        }
      }
      stage = earlierStage(stage);
    }
    return out;
  }

  private Stage earlierStage(Stage stage) {
    for (int k = stage.index() - 1; k >= 0; k--) {
      Stage s = stages.get(k);
      if (s.name().isPresent() && s.name().get().equalsIgnoreCase(stage.base())) {
        return s;
      }
    }
    return null;
  }

  private static Predicate<Instruction> configPredicate(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.startsWith("env.")) {
      String name = key.substring(4);
      return ins -> ins.keyword().equals("ENV") && envKeys(ins.arguments()).contains(name);
    }
    String keyword = ImageConfig.instructionFor(key).orElse(null);
    return keyword == null ? ins -> false : ins -> ins.keyword().equals(keyword);
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

  private static int firstWhitespace(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (Character.isWhitespace(s.charAt(k))) {
        return k;
      }
    }
    return -1;
  }

  private static String collapse(String s) {
    return Messages.oneLine(s);
  }

  /** What a history {@code created_by} says about the instruction that made a layer. */
  private record Signature(String keyword, String text, Optional<String> destination) {

    static Signature of(String createdBy) {
      String s = createdBy.strip();
      if (s.endsWith("# buildkit")) {
        s = s.substring(0, s.length() - "# buildkit".length()).strip();
      }
      s = stripBuildArgs(s);
      if (s.startsWith(SHELL + NOP)) {
        // Classic builder, metadata or COPY/ADD: "/bin/sh -c #(nop) COPY file:abc in /dst ".
        String rest = s.substring((SHELL + NOP).length()).strip();
        int sp = firstWhitespace(rest);
        String keyword = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : rest.substring(sp).strip();
        Optional<String> destination = Optional.empty();
        int in = args.lastIndexOf(" in ");
        if ((keyword.equals("COPY") || keyword.equals("ADD")) && in >= 0) {
          destination = Optional.of(args.substring(in + 4).strip());
        }
        return new Signature(keyword, collapse(args), destination);
      }
      if (s.startsWith(SHELL)) {
        return new Signature("RUN", collapse(s.substring(SHELL.length())), Optional.empty());
      }
      int sp = firstWhitespace(s);
      String keyword = (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
      String args = sp < 0 ? "" : s.substring(sp).strip();
      if (keyword.equals("RUN")) {
        args = stripBuildArgs(args);
        if (args.startsWith(SHELL)) {
          args = args.substring(SHELL.length());
        }
        return new Signature("RUN", collapse(args), Optional.empty());
      }
      if (keyword.equals("COPY") || keyword.equals("ADD")) {
        String operands = collapse(withoutFlags(args));
        return new Signature(keyword, operands, lastToken(operands));
      }
      return new Signature(keyword, collapse(args), Optional.empty());
    }

    boolean matchesExactly(Instruction ins) {
      if (!ins.keyword().equals(keyword)) {
        return false;
      }
      return switch (keyword) {
        case "RUN" -> text.equals(runText(ins.arguments()));
        case "COPY", "ADD" -> text.equals(collapse(withoutFlags(ins.arguments())));
        default -> text.equals(collapse(ins.arguments()));
      };
    }

    boolean matchesDestination(Instruction ins) {
      if (destination.isEmpty() || !ins.keyword().equals(keyword)) {
        return false;
      }
      Optional<String> dest = lastToken(collapse(withoutFlags(ins.arguments())));
      return dest.isPresent() && trimSlash(dest.get()).equals(trimSlash(destination.get()));
    }

    private static String runText(String arguments) {
      String args = withoutFlags(arguments);
      if (args.startsWith("[")) {
        try {
          // BuildKit records exec form as its words joined by spaces, so a
          // ["/bin/sh", "-c", "x"] looks like shell form's "/bin/sh -c x": drop that prefix too.
          String joined = collapse(String.join(" ", JSON.readValue(args, String[].class)));
          return joined.startsWith(SHELL) ? joined.substring(SHELL.length()) : joined;
        } catch (JsonProcessingException e) {
          // Not valid JSON: Docker runs it in shell form, so compare it as text.
        }
      }
      return collapse(args);
    }

    private static String stripBuildArgs(String s) {
      Matcher m = BUILD_ARGS.matcher(s);
      if (!m.find()) {
        return s;
      }
      int n = Integer.parseInt(m.group(1));
      String rest = s.substring(m.end());
      for (int k = 0; k < n; k++) {
        int sp = firstWhitespace(rest);
        rest = sp < 0 ? "" : rest.substring(sp).stripLeading();
      }
      return rest;
    }

    private static String withoutFlags(String args) {
      String rest = args.strip();
      while (rest.startsWith("--")) {
        int sp = firstWhitespace(rest);
        rest = sp < 0 ? "" : rest.substring(sp).stripLeading();
      }
      return rest;
    }

    private static Optional<String> lastToken(String s) {
      if (s.isEmpty()) {
        return Optional.empty();
      }
      int sp = s.lastIndexOf(' ');
      return Optional.of(sp < 0 ? s : s.substring(sp + 1));
    }

    private static String trimSlash(String s) {
      return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
  }
}
