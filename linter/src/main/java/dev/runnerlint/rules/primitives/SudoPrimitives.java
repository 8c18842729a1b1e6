package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.STRING;

import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.facts.sudo.SudoGrant;
import dev.runnerlint.facts.sudo.Sudoers;
import dev.runnerlint.facts.sudo.SudoersFile;
import dev.runnerlint.facts.sudo.SudoersLine;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Params;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Reads;
import dev.runnerlint.rules.lang.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Primitives about the image's sudoers policy ({@code /etc/sudoers} with its includes), evaluated
 * for a user of the image's passwd with its groups.
 */
final class SudoPrimitives {
  private SudoPrimitives() {}

  static List<Primitive> all() {
    return List.of(nopasswdAll(), filesSafe());
  }

  /** The sudoers policy files and the user's passwd and group entries. */
  private static void readsSudoers(Params p, Reads r) {
    r.file(Sudoers.PATH, Reads.WHOLE);
    r.children(Sudoers.INCLUDE_DIR, Reads.WHOLE);
    r.identity();
  }

  /** The user's grant; not applicable when the user or the policy is missing. */
  private static Fact<SudoGrant> grant(EvalContext ctx, String user, boolean failIfNoSudoers) {
    Sudoers sudoers = ctx.input().sudoers();
    if (!sudoers.present() && !failIfNoSudoers) {
      return Fact.notApplicable("the image has no " + Sudoers.PATH);
    }
    return ctx.input()
        .sudoGrant(user)
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return Fact.notApplicable("/etc/passwd has no user '" + user + "'");
              }
              SudoGrant g = found.get();
              for (SudoersFile f : g.reliesOn()) {
                if (!f.contentKnown()) {
                  return Fact.skipped(
                      "the content of sudoers file "
                          + f.path()
                          + " was not captured while reading the image");
                }
              }
              return Fact.of(g);
            });
  }

  static Primitive nopasswdAll() {
    return new SimplePrimitive(
        "sudoers.nopasswdAll",
        "The effective sudoers policy lets the user run ALL commands as root without a password"
            + " and without a tty (later matching lines override earlier ones; %group, #uid,"
            + " aliases and includes honoured; an include directory or a file in it that sudo"
            + " ignores as insecure does not count; Defaults requiretty fails). Does not apply"
            + " when the user is not in /etc/passwd.",
        ParamSpec.of().required("user", STRING, "the user name, e.g. runner"),
        SudoPrimitives::readsSudoers,
        (p, ctx) -> {
          Fact<String> userF = p.string("user", ctx);
          if (!userF.known()) {
            return userF.outcome();
          }
          String user = userF.value();
          // a missing user is another rule's finding
          Fact<PasswdFile> passwd = ctx.input().passwd();
          if (!passwd.known()) {
            return passwd.outcome();
          }
          if (passwd.value().byName(user).isEmpty()) {
            return Outcome.notApplicable("/etc/passwd has no user '" + user + "'");
          }
          Sudoers sudoers = ctx.input().sudoers();
          if (!sudoers.present()) {
            return Outcome.fail(
                Violation.file(
                    "the image has no " + Sudoers.PATH + ", so '" + user + "' cannot use sudo",
                    "",
                    Sudoers.PATH,
                    Optional.empty()));
          }
          Fact<SudoGrant> gF = grant(ctx, user, true);
          if (!gF.known()) {
            return gF.outcome();
          }
          SudoGrant g = gF.value();
          String where = g.decidedBy().map(l -> " (" + l + ": " + l.text() + ")").orElse("");
          if (g.allCommandsWithoutPassword() && g.requiretty().isPresent()) {
            SudoersLine tty = g.requiretty().get();
            return Outcome.fail(
                Violation.file(
                    "sudoers gives '"
                        + user
                        + "' NOPASSWD for ALL commands"
                        + where
                        + ", but sets requiretty ("
                        + tty
                        + ": "
                        + tty.text()
                        + "): a pod has no tty, so sudo fails with \"sorry, you must have a tty"
                        + " to run sudo\"",
                    "Remove requiretty from " + tty.path() + " (or add Defaults !requiretty)",
                    tty.path(),
                    fileEntry(g, tty.path())));
          }
          if (g.allCommandsWithoutPassword()) {
            return Outcome.pass(
                "sudoers gives '" + user + "' NOPASSWD for ALL commands" + where,
                Subject.file(g.decidedBy().map(SudoersLine::path).orElse(Sudoers.PATH)));
          }
          String msg =
              switch (g.decision()) {
                case ALL_NOPASSWD ->
                    "sudoers gives '"
                        + user
                        + "' NOPASSWD for ALL commands"
                        + where
                        + ", except: "
                        + String.join("; ", g.exceptions());
                case ALL_WITH_PASSWORD ->
                    "sudoers gives '"
                        + user
                        + "' ALL commands but asks for a password"
                        + where
                        + ": a runner job cannot type one";
                case DENIED -> "sudoers denies '" + user + "' ALL commands" + where;
                case NOT_GRANTED ->
                    "no sudoers rule gives '"
                        + user
                        + "' ALL commands ("
                        + String.join(", ", g.reliesOn().stream().map(SudoersFile::path).toList())
                        + ")";
              };
          if (!g.ignored().isEmpty()) {
            msg += "; " + String.join("; ", g.ignored());
          }
          if (!g.problems().isEmpty()) {
            msg +=
                "; sudoers problems: "
                    + String.join("; ", g.problems().stream().map(Object::toString).toList());
          }
          String path = g.decidedBy().map(SudoersLine::path).orElse(Sudoers.PATH);
          return Outcome.fail(Violation.file(msg, "", path, fileEntry(g, path)));
        });
  }

  static Primitive filesSafe() {
    return new SimplePrimitive(
        "sudoers.filesSafe",
        "Every sudoers file sudo reads and refuses to run without (/etc/sudoers and its"
            + " #include files) is owned by uid 0 and not writable by others (or by a group other"
            + " than 0). Insecure include directories and files in them are skipped by sudo, not"
            + " fatal: sudoers.nopasswdAll does not count their grants. Does not apply when the"
            + " image has no sudoers or the user is not in /etc/passwd.",
        ParamSpec.of().required("user", STRING, "the user name, e.g. runner"),
        SudoPrimitives::readsSudoers,
        (p, ctx) -> {
          Fact<String> userF = p.string("user", ctx);
          if (!userF.known()) {
            return userF.outcome();
          }
          String user = userF.value();
          Fact<SudoGrant> gF = grant(ctx, user, false);
          if (!gF.known()) {
            return gF.outcome();
          }
          SudoGrant g = gF.value();
          List<Violation> vs = new ArrayList<>();
          for (SudoersFile f : g.reliesOn()) {
            Optional<String> bad = f.insecurity();
            if (bad.isPresent()) {
              vs.add(
                  Violation.file(
                      bad.get() + ": sudo refuses to run (\"no valid sudoers sources found\")",
                      "RUN chown root:root " + f.path() + " && chmod 0440 " + f.path(),
                      f.path(),
                      f.entry()));
            }
          }
          if (vs.isEmpty()) {
            return Outcome.pass(
                g.reliesOn().size()
                    + " sudoers file(s) are owned by root and not"
                    + " writable by others",
                Subject.file(Sudoers.PATH));
          }
          return new Outcome.Fail(vs);
        });
  }

  private static Optional<FileEntry> fileEntry(SudoGrant g, String path) {
    return g.reliesOn().stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .flatMap(SudoersFile::entry);
  }
}
