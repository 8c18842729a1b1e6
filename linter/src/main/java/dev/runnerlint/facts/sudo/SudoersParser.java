package dev.runnerlint.facts.sudo;

import dev.runnerlint.facts.sudo.SudoersAst.AliasDef;
import dev.runnerlint.facts.sudo.SudoersAst.AliasGroup;
import dev.runnerlint.facts.sudo.SudoersAst.CmndSpec;
import dev.runnerlint.facts.sudo.SudoersAst.DefaultsStmt;
import dev.runnerlint.facts.sudo.SudoersAst.Include;
import dev.runnerlint.facts.sudo.SudoersAst.Member;
import dev.runnerlint.facts.sudo.SudoersAst.Param;
import dev.runnerlint.facts.sudo.SudoersAst.Privilege;
import dev.runnerlint.facts.sudo.SudoersAst.RunAs;
import dev.runnerlint.facts.sudo.SudoersAst.Statement;
import dev.runnerlint.facts.sudo.SudoersAst.UserSpec;
import dev.runnerlint.facts.sudo.SudoersLexer.Logical;
import dev.runnerlint.facts.sudo.SudoersLexer.SyntaxError;
import dev.runnerlint.facts.sudo.SudoersLexer.T;
import dev.runnerlint.facts.sudo.SudoersLexer.Tok;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sudoers grammar (see {@link Sudoers} for the subset): a logical line's tokens ({@link
 * SudoersLexer}) into statements ({@link SudoersAst}). Syntax errors are {@link SyntaxError}s.
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
  private static final Pattern DEFAULTS = Pattern.compile("^[ \t]*Defaults([@:!>]|[ \t]|$)");

  /** Parses one logical line; null for an empty one. */
  static Statement parse(String path, Logical logical) throws SyntaxError {
    String text = logical.text().strip();
    if (text.isEmpty()) {
      return null;
    }
    SudoersLine where = new SudoersLine(path, logical.line(), text);
    Matcher inc = SudoersLexer.INCLUDE.matcher(text);
    if (inc.matches()) {
      return new Include(where, inc.group(1).equals("includedir"), includePath(inc.group(2)));
    }
    if (text.startsWith("@")) {
      throw new SyntaxError("unknown directive '" + text.split("[ \t]", 2)[0] + "'");
    }
    Cursor c = new Cursor(SudoersLexer.tokenize(text));
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

  private static Statement aliases(SudoersLine where, String type, Cursor c) throws SyntaxError {
    List<AliasDef> defs = new ArrayList<>();
    while (true) {
      Tok name = c.expect(T.WORD, "an alias name");
      if (!SudoersAst.isAliasName(name.text())) {
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
