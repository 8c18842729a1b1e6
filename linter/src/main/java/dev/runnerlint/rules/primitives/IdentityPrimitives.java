package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.INT;
import static dev.runnerlint.rules.lang.ParamSpec.Type.PATH;
import static dev.runnerlint.rules.lang.ParamSpec.Type.STRING;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.GroupEntry;
import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdEntry;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.findings.Level;
import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.ImagePaths;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Reads;
import dev.runnerlint.rules.lang.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Primitives about who the container runs as (the config USER resolved through the image's {@code
 * /etc/passwd} and {@code /etc/group}) and about those two files.
 */
final class IdentityPrimitives {
  private IdentityPrimitives() {}

  static List<Primitive> all() {
    return List.of(
        isRoot(),
        hasUid(),
        resolves(),
        noGroupPart(),
        home(),
        passwdUser(),
        groupExists(),
        member());
  }

  /** "User 'runner'" or "no USER (root)", for messages. */
  static String userSpec(EvalContext ctx) {
    String u = ctx.config().user();
    return u.isEmpty() ? "no USER is set" : "User is '" + u + "'";
  }

  static Primitive isRoot() {
    return new SimplePrimitive(
        "user.isRoot",
        "The container user is uid 0 (no USER, root, 0, 0:…). Does not apply when USER does not"
            + " resolve.",
        ParamSpec.of(),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          Fact<ContainerIdentity> idF = ctx.identity();
          if (!idF.known()) {
            return idF.outcome();
          }
          ContainerIdentity id = idF.value();
          String desc = userSpec(ctx) + ": the container runs as " + ctx.describeUser(id);
          return id.isRoot()
              ? Outcome.pass(desc, Subject.config("User"))
              : Outcome.fail(Violation.config(desc, "", "User"));
        });
  }

  static Primitive hasUid() {
    return new SimplePrimitive(
        "user.hasUid",
        "The container user has the given uid. Does not apply when USER does not resolve.",
        ParamSpec.of().required("uid", INT, "the expected uid"),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          Fact<Long> wantF = p.number("uid", ctx);
          if (!wantF.known()) {
            return wantF.outcome();
          }
          long want = wantF.value();
          Fact<ContainerIdentity> idF = ctx.identity();
          if (!idF.known()) {
            return idF.outcome();
          }
          ContainerIdentity id = idF.value();
          String desc = userSpec(ctx) + ": the container runs as " + ctx.describeUser(id);
          if (id.uid() == want) {
            return Outcome.pass(desc, Subject.config("User"));
          }
          return Outcome.fail(Violation.config(desc + ", expected uid " + want, "", "User"));
        });
  }

  static Primitive resolves() {
    return new SimplePrimitive(
        "user.resolves",
        "The user part of the config USER (or runAsUser) resolves as the pod's runtime"
            + " resolves it: a user name is in /etc/passwd (else the container does not start:"
            + " error); a numeric uid without a passwd entry is a warning (no name, HOME is /)."
            + " The group part is ignored, as Kubernetes ignores it.",
        ParamSpec.of(),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          Fact<ContainerIdentity> idF = ctx.input().identity();
          if (!idF.known()) {
            return idF.outcome();
          }
          ContainerIdentity id = idF.value();
          if (id.problems().isEmpty()) {
            return Outcome.pass(
                userSpec(ctx) + ": resolves to " + ctx.describeUser(id), Subject.config("User"));
          }
          List<Violation> vs = new ArrayList<>();
          for (ContainerIdentity.Problem pr : id.problems()) {
            Violation v = Violation.config(pr.message(), "", "User");
            if (pr.severity() == ContainerIdentity.Severity.WARNING) {
              v = v.withLevel(Level.WARNING);
            }
            vs.add(v);
          }
          return new Outcome.Fail(vs);
        });
  }

  static Primitive noGroupPart() {
    return new SimplePrimitive(
        "user.noGroupPart",
        "The image's USER names no ':group', which Kubernetes ignores (the CRI reports only the"
            + " user part), or the pod sets runAsGroup. Does not apply to an unresolved USER.",
        ParamSpec.of(),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          Fact<ContainerIdentity> idF = ctx.identity();
          if (!idF.known()) {
            return idF.outcome();
          }
          ContainerIdentity id = idF.value();
          String user = ctx.input().imageConfig().user();
          Optional<String> group = ContainerIdentity.groupPart(user);
          Optional<Long> runAsGroup = ctx.input().deployment().flatMap(d -> d.runAsGroup());
          if (group.isEmpty()) {
            return Outcome.pass(
                userSpec(ctx) + ": no group part, the pod runs as " + ctx.describeUser(id),
                Subject.config("User"));
          }
          if (runAsGroup.isPresent()) {
            return Outcome.pass(
                "User is '"
                    + user
                    + "': the group part is ignored on Kubernetes, and the pod sets runAsGroup "
                    + runAsGroup.get(),
                Subject.config("User"));
          }
          String userPart = user.substring(0, user.indexOf(':'));
          return Outcome.fail(
              Violation.config(
                  "User is '"
                      + user
                      + "': the group part of USER is ignored on Kubernetes (the pod runs as "
                      + ctx.describeUser(id)
                      + "): set runAsGroup in the pod's securityContext (values:"
                      + " template.spec.securityContext.runAsGroup)",
                  "USER "
                      + (userPart.isEmpty() ? "root" : userPart)
                      + ", and set runAsGroup in the pod's securityContext (values:"
                      + " template.spec.securityContext.runAsGroup) if the group matters",
                  "User"));
        });
  }

  static Primitive home() {
    return new SimplePrimitive(
        "user.home",
        "The container user's HOME (Env HOME, else its /etc/passwd home) is the given path.",
        ParamSpec.of().required("is", PATH, "the expected home directory"),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          Fact<String> wantF = p.path("is", ctx);
          if (!wantF.known()) {
            return wantF.outcome();
          }
          String want = wantF.value();
          Fact<ContainerIdentity> idF = ctx.identity();
          if (!idF.known()) {
            return idF.outcome();
          }
          ContainerIdentity id = idF.value();
          Optional<String> home = id.home();
          boolean fromEnv = id.envHome().isPresent();
          Subject subject = fromEnv ? Subject.config("Env.HOME") : Subject.file(PasswdFile.PATH);
          if (home.isEmpty()) {
            return Outcome.fail(
                new Violation(
                    "the container user ("
                        + ctx.describeUser(id)
                        + ") has no HOME: Env does not set"
                        + " HOME and /etc/passwd has no entry for it, expected "
                        + want,
                    "ENV HOME=" + want,
                    Subject.config("Env.HOME"),
                    Optional.empty(),
                    Optional.empty()));
          }
          String source = fromEnv ? "from Env HOME" : "from /etc/passwd";
          if (ImagePaths.normalize(home.get()).equals(want)) {
            return Outcome.pass("HOME is " + home.get() + " (" + source + ")", subject);
          }
          // Moving root's home (usermod -d ... root) would be poor advice: set HOME instead.
          return Outcome.fail(
              new Violation(
                  "HOME of the container user ("
                      + ctx.describeUser(id)
                      + ") is "
                      + home.get()
                      + " ("
                      + source
                      + "), expected "
                      + want,
                  fromEnv || id.isRoot()
                      ? "ENV HOME=" + want
                      : "RUN usermod -d " + want + " " + id.name().orElse("USER"),
                  subject,
                  Optional.empty(),
                  fromEnv ? Optional.empty() : ctx.entry(PasswdFile.PATH)));
        });
  }

  static Primitive passwdUser() {
    return new SimplePrimitive(
        "passwd.user",
        "/etc/passwd has a user with the given name (and, when given, uid and home).",
        ParamSpec.of()
            .required("name", STRING, "the user name")
            .optional("uid", INT, "the expected uid")
            .optional("home", PATH, "the expected home directory"),
        (p, r) -> r.file(PasswdFile.PATH, Reads.WHOLE),
        (p, ctx) -> {
          Fact<String> nameF = p.string("name", ctx);
          if (!nameF.known()) {
            return nameF.outcome();
          }
          String name = nameF.value();
          Fact<PasswdFile> passwdF = ctx.input().passwd();
          if (!passwdF.known()) {
            return passwdF.outcome();
          }
          PasswdFile passwd = passwdF.value();
          Optional<dev.runnerlint.fs.FileEntry> file = ctx.entry(PasswdFile.PATH);
          if (!passwd.present()) {
            return Outcome.fail(
                Violation.file(
                    "the image has no /etc/passwd, so no user '" + name + "'",
                    "",
                    PasswdFile.PATH,
                    file));
          }
          Optional<PasswdEntry> e = passwd.byName(name);
          if (e.isEmpty()) {
            return Outcome.fail(
                Violation.file(
                    "/etc/passwd has no user '" + name + "'", "", PasswdFile.PATH, file));
          }
          List<String> wrong = new ArrayList<>();
          Fact<Optional<Long>> uidF = p.optNumber("uid", ctx);
          if (!uidF.known()) {
            return uidF.outcome();
          }
          Optional<Long> uid = uidF.value();
          if (uid.isPresent() && e.get().uid() != uid.get()) {
            wrong.add("uid " + e.get().uid() + ", expected " + uid.get());
          }
          if (p.has("home")) {
            Fact<String> homeF = p.path("home", ctx);
            if (!homeF.known()) {
              return homeF.outcome();
            }
            if (!ImagePaths.normalize(e.get().home()).equals(homeF.value())) {
              wrong.add("home " + e.get().home() + ", expected " + homeF.value());
            }
          }
          String where = "user '" + name + "' (/etc/passwd line " + e.get().line() + ")";
          if (wrong.isEmpty()) {
            return Outcome.pass(where + " has uid " + e.get().uid(), Subject.file(PasswdFile.PATH));
          }
          return Outcome.fail(
              Violation.file(
                  where + " has " + String.join(" and ", wrong), "", PasswdFile.PATH, file));
        });
  }

  static Primitive groupExists() {
    return new SimplePrimitive(
        "group.exists",
        "/etc/group has a group with the given name (and, when given, gid).",
        ParamSpec.of()
            .required("name", STRING, "the group name")
            .optional("gid", INT, "the expected gid"),
        (p, r) -> r.file(GroupFile.PATH, Reads.WHOLE),
        (p, ctx) -> {
          Fact<String> nameF = p.string("name", ctx);
          if (!nameF.known()) {
            return nameF.outcome();
          }
          String name = nameF.value();
          Fact<GroupFile> groupF = ctx.input().group();
          if (!groupF.known()) {
            return groupF.outcome();
          }
          GroupFile group = groupF.value();
          Optional<dev.runnerlint.fs.FileEntry> file = ctx.entry(GroupFile.PATH);
          if (!group.present()) {
            return Outcome.fail(
                Violation.file(
                    "the image has no /etc/group, so no group '" + name + "'",
                    "",
                    GroupFile.PATH,
                    file));
          }
          Optional<GroupEntry> g = group.byName(name);
          if (g.isEmpty()) {
            return Outcome.fail(
                Violation.file("/etc/group has no group '" + name + "'", "", GroupFile.PATH, file));
          }
          Fact<Optional<Long>> gidF = p.optNumber("gid", ctx);
          if (!gidF.known()) {
            return gidF.outcome();
          }
          Optional<Long> gid = gidF.value();
          String where = "group '" + name + "' (/etc/group line " + g.get().line() + ")";
          if (gid.isPresent() && g.get().gid() != gid.get()) {
            return Outcome.fail(
                Violation.file(
                    where + " has gid " + g.get().gid() + ", expected " + gid.get(),
                    "",
                    GroupFile.PATH,
                    file));
          }
          return Outcome.pass(where + " has gid " + g.get().gid(), Subject.file(GroupFile.PATH));
        });
  }

  static Primitive member() {
    return new SimplePrimitive(
        "group.member",
        "A user belongs to a group: listed as a member in /etc/group, or the group is its primary"
            + " group in /etc/passwd. Does not apply when the user or the group does not exist.",
        ParamSpec.of()
            .required("user", STRING, "the user name")
            .required("group", STRING, "the group name"),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          Fact<String> userF = p.string("user", ctx);
          if (!userF.known()) {
            return userF.outcome();
          }
          String user = userF.value();
          Fact<String> groupNameF = p.string("group", ctx);
          if (!groupNameF.known()) {
            return groupNameF.outcome();
          }
          String groupName = groupNameF.value();
          Fact<PasswdFile> passwdF = ctx.input().passwd();
          if (!passwdF.known()) {
            return passwdF.outcome();
          }
          Optional<PasswdEntry> u = passwdF.value().byName(user);
          Fact<GroupFile> groupF = ctx.input().group();
          if (!groupF.known()) {
            return groupF.outcome();
          }
          Optional<GroupEntry> g = groupF.value().byName(groupName);
          if (u.isEmpty()) {
            return Outcome.notApplicable("/etc/passwd has no user '" + user + "'");
          }
          if (g.isEmpty()) {
            return Outcome.notApplicable("/etc/group has no group '" + groupName + "'");
          }
          if (g.get().hasMember(user)) {
            return Outcome.pass(
                "'" + user + "' is a member of '" + groupName + "'", Subject.file(GroupFile.PATH));
          }
          if (u.get().gid() == g.get().gid()) {
            return Outcome.pass(
                "'" + groupName + "' is the primary group of '" + user + "'",
                Subject.file(GroupFile.PATH));
          }
          String members =
              g.get().members().isEmpty()
                  ? "no members"
                  : "members " + String.join(",", g.get().members());
          return Outcome.fail(
              Violation.file(
                  "user '"
                      + user
                      + "' is not in group '"
                      + groupName
                      + "' (gid "
                      + g.get().gid()
                      + ", "
                      + members
                      + "; primary gid of '"
                      + user
                      + "' is "
                      + u.get().gid()
                      + ")",
                  "RUN usermod -aG " + groupName + " " + user,
                  GroupFile.PATH,
                  ctx.entry(GroupFile.PATH)));
        });
  }
}
