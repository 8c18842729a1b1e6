package dev.runnerlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sudoers grammar (see {@link Sudoers} for the subset): logical lines, comments, tokens and
 * statements. Syntax errors are {@link SyntaxError}s, a checked exception the loader turns into
 * {@link ParseProblem}s.
 */
final class SudoersParser {
  private SudoersParser() {}

  static final Set<String> TAGS =
      Set.of(
          "NOPASSWD",
          "PASSWD",
          "NOEXEC",
          "EXEC",
          "SETENV",
          "NOSETENV",
          "LOG_INPUT",
          "NOLOG_INPUT",
          "LOG_OUTPUT",
          "NOLOG_OUTPUT",
          "MAIL",
          "NOMAIL",
          "FOLLOW",
          "NOFOLLOW",
          "INTERCEPT",
          "NOINTERCEPT");
  static final Set<String> OPTIONS =
      Set.of(
          "ROLE",
          "TYPE",
          "TIMEOUT",
          "NOTBEFORE",
          "NOTAFTER",
          "CWD",
          "CHROOT",
          "APPARMOR_PROFILE",
          "PRIVS",
          "LIMITPRIVS");
  static final Set<String> DIGESTS = Set.of("sha224", "sha256", "sha384", "sha512");
  static final Set<String> ALIAS_TYPES =
      Set.of("User_Alias", "Runas_Alias", "Host_Alias", "Cmnd_Alias", "Cmd_Alias");
  private static final Pattern ALIAS_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern INCLUDE =
      Pattern.compile("^[ \t]*[#@](include|includedir)[ \t]+(.*)$");
  private static final Pattern DEFAULTS = Pattern.compile("^[ \t]*Defaults([@:!>]|[ \t]|$)");

  /** A syntax error in one statement. */
  static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  // ---- model ----

  /** A list item: a name, alias, {@code %group}, {@code #uid}, command…, possibly negated. */
  record Member(boolean negated, String name) {
    boolean isAll() {
      return name.equals("ALL");
    }

    boolean isAlias() {
      return isAliasName(name);
    }

    @Override
    public String toString() {
      return (negated ? "!" : "") + name;
    }
  }

  /**
   * {@code (users[:groups])}; {@code users} empty means "the invoking user only" ({@code ()} or
   * {@code (:group)}).
   */
  record RunAs(List<Member> users, List<Member> groups) {}

  /** One command of a command list, with the run-as and NOPASSWD/PASSWD carried over. */
  record CmndSpec(RunAs runAs, Boolean nopasswd, Member cmnd) {}

  /** {@code HOSTLIST = CMNDSPECLIST}. */
  record Privilege(List<Member> hosts, List<CmndSpec> cmnds) {}

  sealed interface Statement permits UserSpec, AliasDef, AliasGroup, DefaultsStmt, Include {
    SudoersLine where();
  }

  record UserSpec(SudoersLine where, List<Member> users, List<Privilege> privileges)
      implements Statement {}

  record AliasDef(SudoersLine where, String type, String name, List<Member> members)
      implements Statement {}

  /** A {@code Defaults} parameter: {@code name}, {@code !name}, {@code name[+-]=value}. */
  record Param(String name, boolean negated, String op, String value) {}

  /**
   * {@code Defaults[@:!>]LIST params}; {@code binding} is {@code ' '} for global defaults, else the
   * binding character.
   */
  record DefaultsStmt(SudoersLine where, char binding, List<Member> bindingList, List<Param> params)
      implements Statement {}

  record Include(SudoersLine where, boolean directory, String path) implements Statement {}

  static boolean isAliasName(String s) {
    return !s.equals("ALL") && ALIAS_NAME.matcher(s).matches();
  }

  // ---- lines ----

  /** A logical line: continuation lines joined, comment removed. */
  record Logical(int line, String text) {}

  static List<Logical> logicalLines(String text) {
    List<Logical> out = new ArrayList<>();
    String[] physical = text.split("\n", -1);
    StringBuilder buf = null;
    int start = 0;
    for (int i = 0; i < physical.length; i++) {
      String line = physical[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      boolean logicalStart = buf == null;
      String s = stripComment(line, logicalStart);
      if (logicalStart) {
        buf = new StringBuilder();
        start = i + 1;
      } else {
        buf.append(' ');
      }
      if (endsWithContinuation(s)) {
        buf.append(s, 0, s.length() - 1);
        continue;
      }
      buf.append(s);
      out.add(new Logical(start, buf.toString()));
      buf = null;
    }
    if (buf != null) {
      out.add(new Logical(start, buf.toString()));
    }
    return out;
  }

  private static boolean endsWithContinuation(String s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  /**
   * Removes a comment: {@code #} at the start of a token, unless it starts {@code #uid} / {@code
   * #-1}, or is {@code #include} / {@code #includedir} at the start of a logical line.
   */
  static String stripComment(String line, boolean logicalStart) {
    if (logicalStart && INCLUDE.matcher(line).matches()) {
      return line;
    }
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (c == '#' && !quoted) {
        boolean tokenStart = i == 0 || " \t,:=()!".indexOf(line.charAt(i - 1)) >= 0;
        char next = i + 1 < line.length() ? line.charAt(i + 1) : '\n';
        boolean uid =
            Character.isDigit(next)
                || (next == '-' && i + 2 < line.length() && Character.isDigit(line.charAt(i + 2)));
        if (tokenStart && !uid) {
          return line.substring(0, i);
        }
      }
    }
    return line;
  }

  // ---- tokens ----

  enum T {
    WORD,
    COMMA,
    COLON,
    EQUALS,
    LPAREN,
    RPAREN,
    BANG,
    END
  }

  /** A token; {@code spaceBefore} says whether blanks preceded it. */
  record Tok(T type, String text, boolean spaceBefore) {}

  static List<Tok> tokenize(String s) throws SyntaxError {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    boolean space = false;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        space = true;
        i++;
        continue;
      }
      T single =
          switch (c) {
            case ',' -> T.COMMA;
            case ':' -> T.COLON;
            case '=' -> T.EQUALS;
            case '(' -> T.LPAREN;
            case ')' -> T.RPAREN;
            case '!' -> T.BANG;
            default -> null;
          };
      if (single != null) {
        out.add(new Tok(single, String.valueOf(c), space));
        space = false;
        i++;
        continue;
      }
      StringBuilder sb = new StringBuilder();
      if (c == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          sb.append(s.charAt(i));
          i++;
        }
        if (i >= n) {
          throw new SyntaxError("unterminated quoted string");
        }
        i++;
      } else {
        while (i < n) {
          c = s.charAt(i);
          if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '(' || c == ')' || c == '"') {
            break;
          }
          if (c == ':') {
            if (sb.length() == 1 && sb.charAt(0) == '%') {
              sb.append(c); // %:nonunix_group
              i++;
              continue;
            }
            break;
          }
          if (c == '\\' && i + 1 < n && ",:=()!\\ \t\"#".indexOf(s.charAt(i + 1)) >= 0) {
            sb.append(s.charAt(i + 1));
            i += 2;
            continue;
          }
          sb.append(c);
          i++;
        }
      }
      out.add(new Tok(T.WORD, sb.toString(), space));
      space = false;
    }
    out.add(new Tok(T.END, "", space));
    return out;
  }

  // ---- statements ----

  /** Parses one logical line; null for an empty one. */
  static Statement parse(String path, Logical logical) throws SyntaxError {
    String text = logical.text().strip();
    if (text.isEmpty()) {
      return null;
    }
    SudoersLine where = new SudoersLine(path, logical.line(), text);
    Matcher inc = INCLUDE.matcher(text);
    if (inc.matches()) {
      return new Include(where, inc.group(1).equals("includedir"), includePath(inc.group(2)));
    }
    if (text.startsWith("@")) {
      throw new SyntaxError("unknown directive '" + text.split("[ \t]", 2)[0] + "'");
    }
    Cursor c = new Cursor(tokenize(text));
    if (DEFAULTS.matcher(text).find()) {
      return defaults(where, c);
    }
    Tok first = c.peek();
    if (first.type() == T.WORD && ALIAS_TYPES.contains(first.text())) {
      c.next();
      return aliases(where, first.text().equals("Cmd_Alias") ? "Cmnd_Alias" : first.text(), c);
    }
    return userSpec(where, c);
  }

  /** An aliases line may define several aliases; they come back as one statement each. */
  static List<Statement> parseAll(String path, Logical logical) throws SyntaxError {
    Statement s = parse(path, logical);
    if (s == null) {
      return List.of();
    }
    if (s instanceof AliasGroup g) {
      return List.copyOf(g.defs());
    }
    return List.of(s);
  }

  private static String includePath(String rest) throws SyntaxError {
    String r = rest.strip();
    if (r.startsWith("\"")) {
      int end = r.indexOf('"', 1);
      if (end < 0) {
        throw new SyntaxError("unterminated quoted include path");
      }
      return r.substring(1, end);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      char ch = r.charAt(i);
      if (ch == '\\' && i + 1 < r.length()) {
        sb.append(r.charAt(++i));
      } else if (ch == ' ' || ch == '\t') {
        break;
      } else {
        sb.append(ch);
      }
    }
    if (sb.length() == 0) {
      throw new SyntaxError("include without a path");
    }
    return sb.toString();
  }

  /** Several aliases from one line, e.g. {@code User_Alias A = x : B = y}. */
  record AliasGroup(SudoersLine where, List<AliasDef> defs) implements Statement {}

  private static Statement aliases(SudoersLine where, String type, Cursor c) throws SyntaxError {
    List<AliasDef> defs = new ArrayList<>();
    while (true) {
      Tok name = c.expect(T.WORD, "an alias name");
      if (!isAliasName(name.text())) {
        throw new SyntaxError(
            "invalid alias name '" + name.text() + "' (upper-case letters, digits and '_')");
      }
      c.expect(T.EQUALS, "'='");
      List<Member> members = type.equals("Cmnd_Alias") ? commandList(c) : memberList(c);
      defs.add(new AliasDef(where, type, name.text(), members));
      if (c.accept(T.COLON)) {
        continue;
      }
      c.expect(T.END, "':' or the end of the line");
      return new AliasGroup(where, defs);
    }
  }

  private static Statement defaults(SudoersLine where, Cursor c) throws SyntaxError {
    Tok first = c.next();
    String word = first.text();
    char binding = ' ';
    List<Member> bindingList = new ArrayList<>();
    if (word.equals("Defaults")) {
      if (c.peek().type() == T.COLON && !c.peek().spaceBefore()) {
        c.next();
        binding = ':';
        bindingList = memberList(c);
      }
    } else {
      binding = word.charAt("Defaults".length());
      String rest = word.substring("Defaults".length() + 1);
      if (rest.isEmpty()) {
        bindingList = memberList(c);
      } else {
        bindingList.add(new Member(false, rest));
        while (c.accept(T.COMMA)) {
          bindingList.add(member(c));
        }
      }
    }
    List<Param> params = new ArrayList<>();
    do {
      boolean negated = false;
      while (c.accept(T.BANG)) {
        negated = !negated;
      }
      String name = c.expect(T.WORD, "a Defaults parameter").text();
      String op = "";
      if (name.endsWith("+") || name.endsWith("-")) {
        op = name.substring(name.length() - 1);
        name = name.substring(0, name.length() - 1);
      } else if (c.peek().type() == T.WORD
          && (c.peek().text().equals("+") || c.peek().text().equals("-"))) {
        op = c.next().text();
      }
      String value = null;
      if (c.accept(T.EQUALS)) {
        op = op + "=";
        StringBuilder v = new StringBuilder();
        boolean firstTok = true;
        while (c.peek().type() != T.COMMA && c.peek().type() != T.END) {
          Tok t = c.next();
          if (!firstTok && t.spaceBefore()) {
            v.append(' ');
          }
          v.append(t.text());
          firstTok = false;
        }
        value = v.toString();
      } else if (!op.isEmpty()) {
        throw new SyntaxError("'" + name + op + "' without '='");
      }
      params.add(new Param(name, negated, op, value));
    } while (c.accept(T.COMMA));
    c.expect(T.END, "',' or the end of the line");
    return new DefaultsStmt(where, binding, bindingList, params);
  }

  private static Statement userSpec(SudoersLine where, Cursor c) throws SyntaxError {
    List<Member> users = memberList(c);
    List<Member> hosts = memberList(c);
    c.expect(T.EQUALS, "'=' after the host list");
    List<Privilege> privileges = new ArrayList<>();
    while (true) {
      privileges.add(new Privilege(hosts, cmndSpecList(c)));
      if (c.accept(T.COLON)) {
        hosts = memberList(c);
        c.expect(T.EQUALS, "'=' after the host list");
        continue;
      }
      c.expect(T.END, "',' or ':' or the end of the line");
      return new UserSpec(where, users, privileges);
    }
  }

  private static List<CmndSpec> cmndSpecList(Cursor c) throws SyntaxError {
    List<CmndSpec> specs = new ArrayList<>();
    RunAs runAs = null;
    Boolean nopasswd = null;
    do {
      if (c.accept(T.LPAREN)) {
        runAs = runAs(c);
      }
      while (c.peek().type() == T.WORD
          && OPTIONS.contains(c.peek().text())
          && c.peek(1).type() == T.EQUALS) {
        c.next();
        c.next();
        c.expect(T.WORD, "a value for the option");
      }
      while (c.peek().type() == T.WORD
          && TAGS.contains(c.peek().text())
          && c.peek(1).type() == T.COLON) {
        String tag = c.next().text();
        c.next();
        if (tag.equals("NOPASSWD")) {
          nopasswd = Boolean.TRUE;
        } else if (tag.equals("PASSWD")) {
          nopasswd = Boolean.FALSE;
        }
      }
      specs.add(new CmndSpec(runAs, nopasswd, command(c)));
    } while (c.accept(T.COMMA));
    return specs;
  }

  private static RunAs runAs(Cursor c) throws SyntaxError {
    List<Member> users = List.of();
    List<Member> groups = List.of();
    if (c.peek().type() != T.COLON && c.peek().type() != T.RPAREN) {
      users = memberList(c);
    }
    if (c.accept(T.COLON)) {
      if (c.peek().type() != T.RPAREN) {
        groups = memberList(c);
      }
    }
    c.expect(T.RPAREN, "')' closing the run-as list");
    return new RunAs(users, groups);
  }

  private static List<Member> commandList(Cursor c) throws SyntaxError {
    List<Member> list = new ArrayList<>();
    do {
      list.add(command(c));
    } while (c.accept(T.COMMA));
    return list;
  }

  /** {@code !* [digest:] command [args]} with args running to the next ',' or ':'. */
  private static Member command(Cursor c) throws SyntaxError {
    boolean negated = false;
    while (c.accept(T.BANG)) {
      negated = !negated;
    }
    if (c.peek().type() == T.WORD
        && DIGESTS.contains(c.peek().text())
        && c.peek(1).type() == T.COLON) {
      c.next();
      c.next();
      c.expect(T.WORD, "a digest");
      while (c.peek().type() == T.EQUALS && !c.peek().spaceBefore()) {
        c.next(); // base64 padding
      }
    }
    Tok cmd = c.expect(T.WORD, "a command");
    StringBuilder sb = new StringBuilder(cmd.text());
    while (c.peek().type() != T.COMMA && c.peek().type() != T.COLON && c.peek().type() != T.END) {
      Tok t = c.next();
      sb.append(t.spaceBefore() ? " " : "").append(t.text());
    }
    return new Member(negated, sb.toString());
  }

  private static List<Member> memberList(Cursor c) throws SyntaxError {
    List<Member> list = new ArrayList<>();
    do {
      list.add(member(c));
    } while (c.accept(T.COMMA));
    return list;
  }

  private static Member member(Cursor c) throws SyntaxError {
    boolean negated = false;
    while (c.accept(T.BANG)) {
      negated = !negated;
    }
    return new Member(negated, c.expect(T.WORD, "a name").text());
  }

  /** A position in a token list. */
  private static final class Cursor {
    private final List<Tok> toks;
    private int pos;

    Cursor(List<Tok> toks) {
      this.toks = toks;
    }

    Tok peek() {
      return peek(0);
    }

    Tok peek(int ahead) {
      return toks.get(Math.min(pos + ahead, toks.size() - 1));
    }

    Tok next() {
      Tok t = peek();
      if (pos < toks.size() - 1) {
        pos++;
      }
      return t;
    }

    boolean accept(T type) {
      if (peek().type() == type) {
        next();
        return true;
      }
      return false;
    }

    Tok expect(T type, String what) throws SyntaxError {
      Tok t = peek();
      if (t.type() != type) {
        throw new SyntaxError(
            "expected "
                + what
                + " but found "
                + (t.type() == T.END ? "the end of the line" : "'" + t.text() + "'"));
      }
      return next();
    }
  }
}
