package dev.runnerlint.facts.sudo;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The parsed model of sudoers statements (see {@link Sudoers} for the subset): user specs, aliases,
 * {@code Defaults} and includes, each with the line it came from. Built by {@link SudoersParser},
 * evaluated by {@link GrantEvaluator}.
 */
final class SudoersAst {
  private SudoersAst() {}

  private static final Pattern ALIAS_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

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

  /** Several aliases from one line, e.g. {@code User_Alias A = x : B = y}. */
  record AliasGroup(SudoersLine where, List<AliasDef> defs) implements Statement {}

  static boolean isAliasName(String s) {
    return !s.equals("ALL") && ALIAS_NAME.matcher(s).matches();
  }
}
