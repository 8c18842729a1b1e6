package dev.runnerlint.facts.sudo;

import dev.runnerlint.facts.ParseProblem;
import dev.runnerlint.facts.sudo.SudoersAst.Include;
import dev.runnerlint.facts.sudo.SudoersAst.Statement;
import dev.runnerlint.facts.sudo.SudoersLexer.Logical;
import dev.runnerlint.image.ImagePath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Loading a sudoers policy from a {@link SudoersSource}: {@code /etc/sudoers}, then what it
 * includes ({@code #include}/{@code @include} files, {@code #includedir}/{@code @includedir}
 * directories) in place and in sudo's order, with include loops, nesting depth, missing and
 * uncaptured files recorded. Parsing is {@link SudoersParser}'s; evaluation {@link
 * GrantEvaluator}'s.
 */
final class SudoersLoader {
  static final int MAX_INCLUDE_DEPTH = 128;

  private final SudoersSource source;
  private final List<Statement> statements = new ArrayList<>();
  private final List<SudoersFile> files = new ArrayList<>();
  private final List<ParseProblem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private boolean present;

  private SudoersLoader(SudoersSource source) {
    this.source = source;
  }

  /** Reads a policy starting at {@code mainPath}. */
  static Sudoers load(SudoersSource source, String mainPath) {
    SudoersLoader l = new SudoersLoader(source);
    l.readFile(mainPath, Optional.empty(), new ArrayDeque<>());
    return new Sudoers(l.present, l.statements, l.files, l.problems, l.notes, l.ignored);
  }

  private void readFile(String path, Optional<SudoersLine> from, Deque<String> stack) {
    SudoersSource.Lookup lk = source.read(path);
    boolean main = from.isEmpty();
    switch (lk.status()) {
      case NOT_FOUND -> {
        if (main) {
          notes.add(path + " does not exist: sudo has no policy");
        } else {
          notes.add(path + " (included by " + from.get() + ") does not exist");
        }
        return;
      }
      case NOT_REGULAR -> {
        problems.add(new ParseProblem(path, 0, "not a regular file"));
        return;
      }
      case NOT_CAPTURED -> {
        present |= main;
        files.add(new SudoersFile(path, lk.entry(), from, false));
        problems.add(
            new ParseProblem(
                path,
                0,
                "content was not captured while reading the image; its" + " rules are unknown"));
        return;
      }
      case FOUND -> {
        present |= main;
      }
    }
    files.add(new SudoersFile(path, lk.entry(), from, true));
    if (lk.truncated()) {
      problems.add(new ParseProblem(path, 0, "content was captured only in part"));
    }
    stack.push(path);
    for (Logical logical : SudoersLexer.logicalLines(lk.text())) {
      List<Statement> parsed;
      try {
        parsed = SudoersParser.parseAll(path, logical);
      } catch (SudoersLexer.SyntaxError e) {
        problems.add(new ParseProblem(path, logical.line(), "syntax error: " + e.getMessage()));
        continue;
      }
      for (Statement st : parsed) {
        if (st instanceof Include inc) {
          include(inc, path, stack);
        } else {
          statements.add(st);
        }
      }
    }
    stack.pop();
  }

  private void include(Include inc, String currentPath, Deque<String> stack) {
    SudoersLine where = inc.where();
    if (inc.path().contains("%h")) {
      notes.add(where + ": include path '" + inc.path() + "' depends on the host name; skipped");
      return;
    }
    String target = resolve(currentPath, inc.path());
    if (stack.size() >= MAX_INCLUDE_DEPTH) {
      problems.add(
          new ParseProblem(where.path(), where.line(), "includes nested too deeply at " + target));
      return;
    }
    if (!inc.directory()) {
      if (stack.contains(target)) {
        problems.add(new ParseProblem(where.path(), where.line(), "include loop: " + target));
        return;
      }
      readFile(target, Optional.of(where), stack);
      return;
    }
    Optional<List<String>> names = source.list(target);
    if (names.isEmpty()) {
      notes.add(target + " (included by " + where + ") is not a directory");
      return;
    }
    // sudo checks the directory as it checks a file (toke.l push_include, sudo_secure_fd): an
    // insecure include directory is skipped whole, with a warning, and sudo goes on without it
    Optional<String> badDir = source.stat(target).flatMap(e -> SudoersFile.insecurity(target, e));
    if (badDir.isPresent()) {
      ignored.add(badDir.get() + ": sudo ignores the whole directory (included by " + where + ")");
      return;
    }
    List<String> sorted =
        names.get().stream().filter(n -> !n.contains(".") && !n.endsWith("~")).sorted().toList();
    for (String name : sorted) {
      String file = target.endsWith("/") ? target + name : target + "/" + name;
      SudoersSource.Status st = source.read(file).status();
      if (st == SudoersSource.Status.NOT_REGULAR || st == SudoersSource.Status.NOT_FOUND) {
        continue; // sudo skips what does not stat as a regular file
      }
      if (stack.contains(file)) {
        problems.add(new ParseProblem(where.path(), where.line(), "include loop: " + file));
        continue;
      }
      // an insecure file of an include directory is skipped with a warning (open_sudoers fails,
      // push_include moves on to the next file); only /etc/sudoers itself stops sudo
      Optional<String> badFile = source.stat(file).flatMap(e -> SudoersFile.insecurity(file, e));
      if (badFile.isPresent()) {
        ignored.add(badFile.get() + ": sudo skips this file of " + target);
        continue;
      }
      readFile(file, Optional.of(where), stack);
    }
  }

  /** Resolves an include path against the including file's directory and normalises it. */
  static String resolve(String currentPath, String path) {
    return ImagePath.of(currentPath).parent().resolve(path).value();
  }
}
