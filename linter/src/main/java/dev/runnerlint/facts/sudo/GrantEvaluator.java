package dev.runnerlint.facts.sudo;

import dev.runnerlint.facts.DatabaseFiles;
import dev.runnerlint.facts.ParseProblem;
import dev.runnerlint.facts.sudo.SudoersAst.AliasDef;
import dev.runnerlint.facts.sudo.SudoersAst.CmndSpec;
import dev.runnerlint.facts.sudo.SudoersAst.DefaultsStmt;
import dev.runnerlint.facts.sudo.SudoersAst.Member;
import dev.runnerlint.facts.sudo.SudoersAst.Param;
import dev.runnerlint.facts.sudo.SudoersAst.Privilege;
import dev.runnerlint.facts.sudo.SudoersAst.Statement;
import dev.runnerlint.facts.sudo.SudoersAst.UserSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluating a loaded {@link Sudoers} policy for one user running an arbitrary command as root on
 * any host, with sudo's rules: in a list the last matching item decides; across the policy the last
 * matching command decides; {@code Defaults authenticate} by binding, overridden by NOPASSWD /
 * PASSWD tags.
 */
final class GrantEvaluator {
  private GrantEvaluator() {}

  /** Evaluates {@code policy} for {@code user}. */
  static SudoGrant grantFor(Sudoers policy, SudoUser user) {
    return new Evaluation(policy, user).run();
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

  private static final class Evaluation {
    private final SudoUser user;
    private final Map<String, Map<String, AliasDef>> aliases = new HashMap<>();
    private final Set<String> evalNotes = new LinkedHashSet<>();
    private final List<ParseProblem> evalProblems = new ArrayList<>();

    private final Sudoers policy;
    private final List<Statement> statements;

    Evaluation(Sudoers policy, SudoUser user) {
      this.policy = policy;
      this.statements = policy.statements();
      this.user = user;
      for (Statement st : statements) {
        if (st instanceof AliasDef a) {
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
      boolean authenticate = flag("authenticate", true).isPresent();
      Optional<SudoersLine> requiretty = flag("requiretty", false);
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
      List<ParseProblem> allProblems = new ArrayList<>(policy.problems());
      allProblems.addAll(evalProblems);
      List<String> allNotes = new ArrayList<>(policy.notes());
      allNotes.addAll(evalNotes);
      return new SudoGrant(
          user.name(),
          decision,
          Optional.ofNullable(decidedBy),
          decision == SudoGrant.Decision.ALL_NOPASSWD
                  || decision == SudoGrant.Decision.ALL_WITH_PASSWORD
              ? exceptions
              : List.of(),
          policy.files(),
          chain(decidedBy),
          allProblems,
          allNotes,
          requiretty,
          policy.ignored());
    }

    private List<SudoersFile> chain(SudoersLine decidedBy) {
      List<SudoersFile> chain = new ArrayList<>();
      String path = decidedBy == null ? null : decidedBy.path();
      while (path != null) {
        String p = path;
        Optional<SudoersFile> f =
            policy.files().stream().filter(x -> x.path().equals(p)).findFirst();
        if (f.isEmpty()) {
          break;
        }
        chain.add(0, f.get());
        path = f.get().includedFrom().map(SudoersLine::path).orElse(null);
      }
      return chain;
    }

    /**
     * A boolean {@code Defaults} flag for this user running an arbitrary command as root, applied
     * in sudo's order (global, host, user, run-as, command bindings; later lines win): the line
     * that left it set, or empty when it ends up unset. A flag set by default and never named is
     * set by an implicit line {@code (built-in default)}.
     */
    private Optional<SudoersLine> flag(String name, boolean byDefault) {
      SudoersLine set = byDefault ? new SudoersLine("(built-in default)", 0, "") : null;
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
            if (p.name().equals(name) && p.op().isEmpty()) {
              set = p.negated() ? null : d.where();
            }
          }
        }
      }
      return Optional.ofNullable(set);
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
}
