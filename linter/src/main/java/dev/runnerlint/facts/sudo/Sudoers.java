package dev.runnerlint.facts.sudo;

import dev.runnerlint.facts.ParseProblem;
import dev.runnerlint.facts.sudo.SudoersAst.Statement;
import dev.runnerlint.fs.FileTree;
import java.util.List;

/**
 * An image's sudoers policy: {@code /etc/sudoers} and the files it includes, loaded once ({@link
 * SudoersLoader}: files; {@link SudoersLexer}, {@link SudoersParser}: the {@link SudoersAst}),
 * asked with {@link #grantFor(SudoUser)} ({@link GrantEvaluator}) whether a user may run ALL
 * commands as root without a password.
 *
 * <h2>The subset of sudoers handled</h2>
 *
 * <ul>
 *   <li>Lines: {@code #} comments (but not {@code #include}, {@code #includedir}, {@code #uid}),
 *       backslash-newline continuation, double-quoted words, backslash escapes.
 *   <li>{@code #include} / {@code @include FILE} and {@code #includedir} / {@code @includedir DIR},
 *       read in place (order matters); relative paths against the including file's directory; in a
 *       directory, names containing {@code .} or ending in {@code ~} are skipped, non-regular files
 *       too, the rest read in lexical order. An include directory not owned by uid 0 or writable by
 *       others (or by a group other than 0) is skipped whole, an insecure file in it alone, as sudo
 *       does ({@link #ignored()}); an insecure {@code /etc/sudoers} or {@code #include} file is
 *       read but reported ({@link SudoersFile#insecurity()}): sudo refuses to run. Missing files
 *       are noted; include loops and nesting beyond 128 are problems; a path with {@code %h} (host
 *       name) is noted and skipped.
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

  private final boolean present;
  private final List<Statement> statements;
  private final List<SudoersFile> files;
  private final List<ParseProblem> problems;
  private final List<String> notes;
  private final List<String> ignored;

  Sudoers(
      boolean present,
      List<Statement> statements,
      List<SudoersFile> files,
      List<ParseProblem> problems,
      List<String> notes,
      List<String> ignored) {
    this.present = present;
    this.ignored = List.copyOf(ignored);
    this.statements = List.copyOf(statements);
    this.files = List.copyOf(files);
    this.problems = List.copyOf(problems);
    this.notes = List.copyOf(notes);
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
    return SudoersLoader.load(source, mainPath);
  }

  /** Whether the main sudoers file exists. */
  public boolean present() {
    return present;
  }

  /** Every file read, in the order sudo reads them. */
  public List<SudoersFile> files() {
    return files;
  }

  /** Syntax errors and unreadable files. */
  public List<ParseProblem> problems() {
    return problems;
  }

  /** Missing include files and directories, and similar observations. */
  public List<String> notes() {
    return notes;
  }

  /**
   * What sudo skips, with the reason: an include directory that is not owned by root or is writable
   * by others (all its files), a file of an include directory that is.
   */
  public List<String> ignored() {
    return ignored;
  }

  /** The statements of every file, includes expanded, in the order sudo reads them. */
  List<Statement> statements() {
    return statements;
  }

  /** Evaluates the policy for {@code user} running an arbitrary command as root on any host. */
  public SudoGrant grantFor(SudoUser user) {
    return GrantEvaluator.grantFor(this, user);
  }

  @Override
  public String toString() {
    return "Sudoers" + files.stream().map(SudoersFile::path).toList();
  }
}
