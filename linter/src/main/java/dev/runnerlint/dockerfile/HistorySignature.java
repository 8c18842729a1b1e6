package dev.runnerlint.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.dockerfile.Dockerfile.Instruction;
import dev.runnerlint.io.Messages;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * History matching: what a layer's history {@code created_by} says about the instruction that made
 * it (BuildKit's {@code RUN /bin/sh -c … # buildkit}, the classic builder's {@code /bin/sh -c
 * #(nop) COPY file:… in /dst}), and whether a Dockerfile instruction is that one.
 */
record HistorySignature(String keyword, String text, Optional<String> destination) {

  private static final Pattern BUILD_ARGS = Pattern.compile("^\\|(\\d+)\\s+");
  private static final String SHELL = "/bin/sh -c ";
  private static final String NOP = "#(nop) ";
  private static final ObjectMapper JSON = new ObjectMapper();

  static HistorySignature of(String createdBy) {
    String s = createdBy.strip();
    if (s.endsWith("# buildkit")) {
      s = s.substring(0, s.length() - "# buildkit".length()).strip();
    }
    s = stripBuildArgs(s);
    if (s.startsWith(SHELL + NOP)) {
      // Classic builder, metadata or COPY/ADD: "/bin/sh -c #(nop) COPY file:abc in /dst ".
      String rest = s.substring((SHELL + NOP).length()).strip();
      int sp = Dockerfile.firstWhitespace(rest);
      String keyword = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(Locale.ROOT);
      String args = sp < 0 ? "" : rest.substring(sp).strip();
      Optional<String> destination = Optional.empty();
      int in = args.lastIndexOf(" in ");
      if ((keyword.equals("COPY") || keyword.equals("ADD")) && in >= 0) {
        destination = Optional.of(args.substring(in + 4).strip());
      }
      return new HistorySignature(keyword, Messages.oneLine(args), destination);
    }
    if (s.startsWith(SHELL)) {
      return new HistorySignature(
          "RUN", Messages.oneLine(s.substring(SHELL.length())), Optional.empty());
    }
    int sp = Dockerfile.firstWhitespace(s);
    String keyword = (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
    String args = sp < 0 ? "" : s.substring(sp).strip();
    if (keyword.equals("RUN")) {
      args = stripBuildArgs(args);
      if (args.startsWith(SHELL)) {
        args = args.substring(SHELL.length());
      }
      return new HistorySignature("RUN", Messages.oneLine(args), Optional.empty());
    }
    if (keyword.equals("COPY") || keyword.equals("ADD")) {
      String operands = Messages.oneLine(withoutFlags(args));
      return new HistorySignature(keyword, operands, lastToken(operands));
    }
    return new HistorySignature(keyword, Messages.oneLine(args), Optional.empty());
  }

  boolean matchesExactly(Instruction ins) {
    if (!ins.keyword().equals(keyword)) {
      return false;
    }
    return switch (keyword) {
      case "RUN" -> text.equals(runText(ins.arguments()));
      case "COPY", "ADD" -> text.equals(Messages.oneLine(withoutFlags(ins.arguments())));
      default -> text.equals(Messages.oneLine(ins.arguments()));
    };
  }

  boolean matchesDestination(Instruction ins) {
    if (destination.isEmpty() || !ins.keyword().equals(keyword)) {
      return false;
    }
    Optional<String> dest = lastToken(Messages.oneLine(withoutFlags(ins.arguments())));
    return dest.isPresent() && trimSlash(dest.get()).equals(trimSlash(destination.get()));
  }

  private static String runText(String arguments) {
    String args = withoutFlags(arguments);
    if (args.startsWith("[")) {
      try {
        // BuildKit records exec form as its words joined by spaces, so a
        // ["/bin/sh", "-c", "x"] looks like shell form's "/bin/sh -c x": drop that prefix too.
        String joined = Messages.oneLine(String.join(" ", JSON.readValue(args, String[].class)));
        return joined.startsWith(SHELL) ? joined.substring(SHELL.length()) : joined;
      } catch (JsonProcessingException e) {
        // Not valid JSON: Docker runs it in shell form, so compare it as text.
      }
    }
    return Messages.oneLine(args);
  }

  private static String stripBuildArgs(String s) {
    Matcher m = BUILD_ARGS.matcher(s);
    if (!m.find()) {
      return s;
    }
    int n = Integer.parseInt(m.group(1));
    String rest = s.substring(m.end());
    for (int k = 0; k < n; k++) {
      int sp = Dockerfile.firstWhitespace(rest);
      rest = sp < 0 ? "" : rest.substring(sp).stripLeading();
    }
    return rest;
  }

  private static String withoutFlags(String args) {
    String rest = args.strip();
    while (rest.startsWith("--")) {
      int sp = Dockerfile.firstWhitespace(rest);
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
