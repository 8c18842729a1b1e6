package dev.runnerlint.facts;

import dev.runnerlint.facts.SudoersParser.AliasDef;
import dev.runnerlint.facts.SudoersParser.CmndSpec;
import dev.runnerlint.facts.SudoersParser.DefaultsStmt;
import dev.runnerlint.facts.SudoersParser.Include;
import dev.runnerlint.facts.SudoersParser.Logical;
import dev.runnerlint.facts.SudoersParser.Member;
import dev.runnerlint.facts.SudoersParser.Param;
import dev.runnerlint.facts.SudoersParser.Privilege;
import dev.runnerlint.facts.SudoersParser.Statement;
import dev.runnerlint.facts.SudoersParser.SyntaxError;
import dev.runnerlint.facts.SudoersParser.UserSpec;
import dev.runnerlint.fs.FileTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An image's sudoers policy: {@code /etc/sudoers} and the files it includes, parsed once, asked
 * with {@link #grantFor(SudoUser)} whether a user may run ALL commands as root without a password.
 *
 * <h2>The subset of sudoers handled</h2>
 *
 * <ul>
 *   <li>Lines: {@code #} comments (but not {@code #include}, {@code #includedir}, {@code #uid}),
 *       backslash-newline continuation, double-quoted words, backslash escapes.
 *   <li>{@code #include} / {@code @include FILE} and {@code #includedir} / {@code @includedir DIR},
 *       read in place (order matters); relative paths against the including file's directory; in a
 *       directory, names containing {@code .} or ending in {@code ~} are skipped, non-regular files
 *       too, the rest read in lexical order. Missing files are noted; include loops and nesting
 *       beyond 128 are problems; a path with {@code %h} (host name) is noted and skipped.
 *   <li>{@code User_Alias}, {@code Runas_Alias}, {@code Host_Alias}, {@code Cmnd_Alias} (and {@code
 *       Cmd_Alias}), several per line separated by {@code :}, aliases referring to aliases,
 *       negation with {@code !}; an undefined or looping alias matches nothing and is reported.
 *   <li>{@code Defaults} lines of every binding ({@code @host :user !cmnd >runas}) are parsed. Only
 *       {@code authenticate} is evaluated (global, then host-bound for {@code ALL}, then
 *       user-bound, run-as-bound, and command-bound when the command list covers ALL); NOPASSWD /
 *       PASSWD tags override it, as in sudo.
 *   <li>User specs {@code USERS HOSTS = [(RUNAS[:GROUPS])] [OPTION=value…] [TAG:…] CMND, … [: HOSTS
 *       = …]}; users as names, {@code %group}, {@code %#gid}, {@code #uid}, {@code ALL}, aliases,
 *       negated; run-as and tags carry over to later commands of the same list. Tags other than
 *       NOPASSWD / PASSWD, options (ROLE=, TIMEOUT=, CWD=…) and command digests are parsed and
 *       ignored.
 *   <li>Matching uses sudo's rule: in a list the last matching item decides; across the policy the
 *       last matching command decides.
 * </ul>
 *
 * <p>Not handled: host names are unknown when linting an image, so only host lists that match
 * {@code ALL} apply; a privilege for specific hosts is skipped and noted. Netgroups ({@code
 * +group}) and non-Unix groups ({@code %:group}) match nothing and are noted. Commands other than
 * {@code ALL} are not matched against paths: they only count as exceptions carved out of an ALL
 * grant. {@code sudoers_uid}/{@code sudoers_gid} are assumed to be the default 0.
 */
public final class Sudoers {

  public static final String PATH = "/etc/sudoers";

  /** The directory distributions include with {@code @includedir}: its files are read too. */
  public static final String INCLUDE_DIR = "/etc/sudoers.d";

  static final int MAX_INCLUDE_DEPTH = 128;

  private final SudoersSource source;
  private final List<Statement> statements = new ArrayList<>();
  private final List<SudoersFile> files = new ArrayList<>();
  private final List<ParseProblem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean present;

  private Sudoers(SudoersSource source) {
    this.source = source;
  }

  /** Reads {@code /etc/sudoers} and what it includes from an image's tree. */
  public static Sudoers from(FileTree tree) {
    return load(SudoersSource.of(tree));
  }

  /** Reads {@code /etc/sudoers} and what it includes. */
  public static Sudoers load(SudoersSource source) {
    return load(source, PATH);
  }

  /** Reads a policy starting at {@code mainPath}. */
  public static Sudoers load(SudoersSource source, String mainPath) {
    Sudoers s = new Sudoers(source);
    s.readFile(mainPath, Optional.empty(), new ArrayDeque<>());
    return s;
  }

  /** Whether the main sudoers file exists. */
  public boolean present() {
    return present;
  }

  /** Every file read, in the order sudo reads them. */
  public List<SudoersFile> files() {
    return List.copyOf(files);
  }

  /** Syntax errors and unreadable files. */
  public List<ParseProblem> problems() {
    return List.copyOf(problems);
  }

  /** Missing include files and directories, and similar observations. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  // ---- loading ----

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
    for (Logical logical : SudoersParser.logicalLines(lk.text())) {
      List<Statement> parsed;
      try {
        parsed = SudoersParser.parseAll(path, logical);
      } catch (SyntaxError e) {
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
      readFile(file, Optional.of(where), stack);
    }
  }

  /** Resolves an include path against the including file's directory and normalises it. */
  static String resolve(String currentPath, String path) {
    String joined = path;
    if (!path.startsWith("/")) {
      int slash = currentPath.lastIndexOf('/');
      joined = (slash <= 0 ? "" : currentPath.substring(0, slash)) + "/" + path;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String p : joined.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  // ---- evaluation ----

  /** Evaluates the policy for {@code user} running an arbitrary command as root on any host. */
  public SudoGrant grantFor(SudoUser user) {
    return new Evaluation(user).run();
  }

  /** Sudo's tri-state match result. */
  private enum Match {
    ALLOW,
    DENY,
    UNSPEC;

    Match negate(boolean negated) {
      if (!negated || this == UNSPEC) {
        return this;
      }
      return this == ALLOW ? DENY : ALLOW;
    }
  }

  /** A specific (non-ALL) command and whether a list allows or denies it. */
  private record Specific(String command, boolean allowed) {}

  /** What a command list does for an arbitrary command and for the specific ones it names. */
  private record Coverage(Match generic, List<Specific> specifics) {
    Coverage negate(boolean negated) {
      if (!negated) {
        return this;
      }
      return new Coverage(
          generic.negate(true),
          specifics.stream().map(s -> new Specific(s.command(), !s.allowed())).toList());
    }
  }

  private final class Evaluation {
    private final SudoUser user;
    private final Map<String, Map<String, AliasDef>> aliases = new HashMap<>();
    private final Set<String> evalNotes = new LinkedHashSet<>();
    private final List<ParseProblem> evalProblems = new ArrayList<>();

    Evaluation(SudoUser user) {
      this.user = user;
      for (Statement st : statements) {
        if (st instanceof SudoersParser.AliasDef a) {
          AliasDef previous =
              aliases.computeIfAbsent(a.type(), k -> new HashMap<>()).put(a.name(), a);
          if (previous != null) {
            evalProblems.add(
                new ParseProblem(
                    a.where().path(),
                    a.where().line(),
                    a.type() + " " + a.name() + " redefined (first at " + previous.where() + ")"));
          }
        }
      }
    }

    SudoGrant run() {
      boolean authenticate = authenticateDefault();
      SudoGrant.Decision decision = SudoGrant.Decision.NOT_GRANTED;
      SudoersLine decidedBy = null;
      List<String> exceptions = new ArrayList<>();
      boolean specificOnly = false;
      for (Statement st : statements) {
        if (!(st instanceof UserSpec spec)) {
          continue;
        }
        if (users(spec.users(), user, "User_Alias", new HashSet<>()) != Match.ALLOW) {
          continue;
        }
        for (Privilege priv : spec.privileges()) {
          if (hosts(priv.hosts(), new HashSet<>()) != Match.ALLOW) {
            evalNotes.add(
                spec.where()
                    + ": rules for specific hosts ("
                    + join(priv.hosts())
                    + ") are not evaluated: the host name is unknown");
            continue;
          }
          for (CmndSpec cs : priv.cmnds()) {
            if (!runsAsRoot(cs)) {
              continue;
            }
            boolean nopasswd =
                user.uid() == 0 || (cs.nopasswd() != null ? cs.nopasswd() : !authenticate);
            Coverage cov = commands(cs.cmnd(), new HashSet<>());
            if (cov.generic() != Match.UNSPEC) {
              decidedBy = spec.where();
              exceptions.clear();
              if (cov.generic() == Match.DENY) {
                decision = SudoGrant.Decision.DENIED;
              } else {
                decision =
                    nopasswd
                        ? SudoGrant.Decision.ALL_NOPASSWD
                        : SudoGrant.Decision.ALL_WITH_PASSWORD;
                for (Specific s : cov.specifics()) {
                  if (!s.allowed()) {
                    exceptions.add(s.command() + " is denied (" + spec.where() + ")");
                  }
                }
              }
            } else {
              for (Specific s : cov.specifics()) {
                if (!s.allowed()) {
                  exceptions.add(s.command() + " is denied (" + spec.where() + ")");
                } else if (!nopasswd) {
                  exceptions.add(s.command() + " asks for a password (" + spec.where() + ")");
                } else {
                  specificOnly = true;
                }
              }
            }
          }
        }
      }
      if (decision == SudoGrant.Decision.NOT_GRANTED && specificOnly) {
        evalNotes.add(user.name() + " may run specific commands only");
      }
      List<ParseProblem> allProblems = new ArrayList<>(problems);
      allProblems.addAll(evalProblems);
      List<String> allNotes = new ArrayList<>(notes);
      allNotes.addAll(evalNotes);
      return new SudoGrant(
          user.name(),
          decision,
          Optional.ofNullable(decidedBy),
          decision == SudoGrant.Decision.ALL_NOPASSWD
                  || decision == SudoGrant.Decision.ALL_WITH_PASSWORD
              ? exceptions
              : List.of(),
          files,
          chain(decidedBy),
          allProblems,
          allNotes);
    }

    private List<SudoersFile> chain(SudoersLine decidedBy) {
      List<SudoersFile> chain = new ArrayList<>();
      String path = decidedBy == null ? null : decidedBy.path();
      while (path != null) {
        String p = path;
        Optional<SudoersFile> f = files.stream().filter(x -> x.path().equals(p)).findFirst();
        if (f.isEmpty()) {
          break;
        }
        chain.add(0, f.get());
        path = f.get().includedFrom().map(SudoersLine::path).orElse(null);
      }
      return chain;
    }

    /** The {@code authenticate} flag for this user running an arbitrary command as root. */
    private boolean authenticateDefault() {
      boolean auth = true;
      for (char binding : new char[] {' ', '@', ':', '>', '!'}) {
        for (Statement st : statements) {
          if (!(st instanceof DefaultsStmt d) || d.binding() != binding) {
            continue;
          }
          boolean applies =
              switch (binding) {
                case ' ' -> true;
                case '@' -> hosts(d.bindingList(), new HashSet<>()) == Match.ALLOW;
                case ':' ->
                    users(d.bindingList(), user, "User_Alias", new HashSet<>()) == Match.ALLOW;
                case '>' ->
                    users(d.bindingList(), SudoUser.ROOT, "Runas_Alias", new HashSet<>())
                        == Match.ALLOW;
                default -> {
                  Coverage c = commandList(d.bindingList(), new HashSet<>());
                  yield c.generic() == Match.ALLOW && c.specifics().isEmpty();
                }
              };
          if (!applies) {
            continue;
          }
          for (Param p : d.params()) {
            if (p.name().equals("authenticate") && p.op().isEmpty()) {
              auth = !p.negated();
            }
          }
        }
      }
      return auth;
    }

    private boolean runsAsRoot(CmndSpec cs) {
      if (cs.runAs() == null) {
        return true; // runas_default is root
      }
      if (cs.runAs().users().isEmpty()) {
        return user.uid() == 0; // () or (:group): as the invoking user only
      }
      return users(cs.runAs().users(), SudoUser.ROOT, "Runas_Alias", new HashSet<>())
          == Match.ALLOW;
    }

    private Match users(List<Member> list, SudoUser who, String aliasType, Set<String> visiting) {
      for (int i = list.size() - 1; i >= 0; i--) {
        Match m = user(list.get(i), who, aliasType, visiting);
        if (m != Match.UNSPEC) {
          return m;
        }
      }
      return Match.UNSPEC;
    }

    private Match user(Member m, SudoUser who, String aliasType, Set<String> visiting) {
      String n = m.name();
      Match r;
      if (m.isAll()) {
        r = Match.ALLOW;
      } else if (m.isAlias()) {
        Optional<AliasDef> def = alias(aliasType, n, visiting);
        if (def.isEmpty()) {
          return Match.UNSPEC;
        }
        visiting.add(aliasType + ":" + n);
        r = users(def.get().members(), who, aliasType, visiting);
        visiting.remove(aliasType + ":" + n);
      } else if (n.startsWith("%#")) {
        long gid = DatabaseFiles.parseId(n.substring(2));
        r = gid >= 0 && who.gids().contains(gid) ? Match.ALLOW : Match.UNSPEC;
      } else if (n.startsWith("%:")) {
        evalNotes.add("non-Unix group " + n + " is not evaluated");
        r = Match.UNSPEC;
      } else if (n.startsWith("%")) {
        r = who.groupNames().contains(n.substring(1)) ? Match.ALLOW : Match.UNSPEC;
      } else if (n.startsWith("+")) {
        evalNotes.add("netgroup " + n + " is not evaluated");
        r = Match.UNSPEC;
      } else if (n.startsWith("#")) {
        long uid = DatabaseFiles.parseId(n.substring(1));
        r = uid >= 0 && uid == who.uid() ? Match.ALLOW : Match.UNSPEC;
      } else {
        r = n.equals(who.name()) ? Match.ALLOW : Match.UNSPEC;
      }
      return r.negate(m.negated());
    }

    private Match hosts(List<Member> list, Set<String> visiting) {
      for (int i = list.size() - 1; i >= 0; i--) {
        Member m = list.get(i);
        Match r = Match.UNSPEC;
        if (m.isAll()) {
          r = Match.ALLOW;
        } else if (m.isAlias()) {
          Optional<AliasDef> def = alias("Host_Alias", m.name(), visiting);
          if (def.isPresent()) {
            visiting.add("Host_Alias:" + m.name());
            r = hosts(def.get().members(), visiting);
            visiting.remove("Host_Alias:" + m.name());
          }
        }
        r = r.negate(m.negated());
        if (r != Match.UNSPEC) {
          return r;
        }
      }
      return Match.UNSPEC;
    }

    private Coverage commands(Member m, Set<String> visiting) {
      Coverage base;
      if (m.isAll()) {
        base = new Coverage(Match.ALLOW, List.of());
      } else if (m.isAlias()) {
        Optional<AliasDef> def = alias("Cmnd_Alias", m.name(), visiting);
        if (def.isEmpty()) {
          base = new Coverage(Match.UNSPEC, List.of());
        } else {
          visiting.add("Cmnd_Alias:" + m.name());
          base = commandList(def.get().members(), visiting);
          visiting.remove("Cmnd_Alias:" + m.name());
        }
      } else {
        base = new Coverage(Match.UNSPEC, List.of(new Specific(m.name(), true)));
      }
      return base.negate(m.negated());
    }

    /** A list's coverage: the last item matching an arbitrary command decides for it. */
    private Coverage commandList(List<Member> list, Set<String> visiting) {
      Match generic = Match.UNSPEC;
      List<Specific> specifics = new ArrayList<>();
      for (Member m : list) {
        Coverage c = commands(m, visiting);
        if (c.generic() != Match.UNSPEC) {
          generic = c.generic();
          specifics = new ArrayList<>(c.specifics());
        } else {
          specifics.addAll(c.specifics());
        }
      }
      return new Coverage(generic, specifics);
    }

    private Optional<AliasDef> alias(String type, String name, Set<String> visiting) {
      if (visiting.contains(type + ":" + name)) {
        evalNotes.add(type + " " + name + " refers to itself; it matches nothing");
        return Optional.empty();
      }
      AliasDef def = aliases.getOrDefault(type, Map.of()).get(name);
      if (def == null) {
        evalNotes.add(type + " " + name + " is not defined; it matches nothing");
      }
      return Optional.ofNullable(def);
    }
  }

  private static String join(List<Member> list) {
    return String.join(", ", list.stream().map(Member::toString).toList());
  }

  @Override
  public String toString() {
    return "Sudoers" + files.stream().map(SudoersFile::path).toList();
  }
}
