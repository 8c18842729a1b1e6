package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.INT;
import static dev.runnerlint.rules.lang.ParamSpec.Type.LIST;
import static dev.runnerlint.rules.lang.ParamSpec.Type.OCTAL;
import static dev.runnerlint.rules.lang.ParamSpec.Type.PATH;
import static dev.runnerlint.rules.lang.ParamSpec.Type.TEMPLATE;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.Permissions;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.ImagePaths;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Params;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Reads;
import dev.runnerlint.rules.lang.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Primitives about files of the merged view: existence, type, mode bits, owner, and whether the
 * container user may execute or write them. Every lookup follows symlinks inside the image. Only
 * {@code path.exists} and {@code path.type} fail on a missing path; the others do not apply to one.
 */
final class PathPrimitives {
  private PathPrimitives() {}

  static List<Primitive> all() {
    return List.of(exists(), type(), mode(), owner(), executable(), writable(), readable());
  }

  static Primitive exists() {
    return new SimplePrimitive(
        "path.exists",
        "The path exists in the merged view (symlinks followed).",
        ParamSpec.of().required("path", PATH, "the path inside the image"),
        (p, ctx) -> {
          Fact<String> pathF = p.path("path", ctx);
          if (!pathF.known()) {
            return pathF.outcome();
          }
          String path = pathF.value();
          Resolution r = ctx.resolve(path);
          if (r.found()) {
            return Outcome.pass(EvalContext.describePath(r) + " exists", Subject.file(path));
          }
          return Outcome.fail(
              Violation.file(EvalContext.describeMissing(r), "", path, lastWriter(ctx, path)));
        });
  }

  static Primitive type() {
    return new SimplePrimitive(
        "path.type",
        "The path exists and is a regular file, a directory or a symlink (symlinks followed,"
            + " except for is: symlink). With alternatives, a missing path says where the file"
            + " was found instead.",
        ParamSpec.of()
            .required("path", PATH, "the path inside the image")
            .requiredChoice("is", List.of("file", "dir", "symlink"), "file, dir or symlink")
            .optional("alternatives", LIST, "other paths to look at when the path is missing")
            .optional(
                "alternativeHint",
                TEMPLATE,
                "added to the message when an alternative exists; ${found}, ${foundDir}")
            .optional("alternativeFix", TEMPLATE, "the fix when an alternative exists"),
        PathPrimitives::evaluateType);
  }

  private static Outcome evaluateType(Params p, EvalContext ctx) {
    Fact<String> pathF = p.path("path", ctx);
    if (!pathF.known()) {
      return pathF.outcome();
    }
    String path = pathF.value();
    String is = p.choice("is").orElseThrow();
    if (is.equals("symlink")) {
      Optional<FileEntry> e = ctx.tree().lstat(path);
      if (e.isPresent() && e.get().isSymlink()) {
        return Outcome.pass(
            path + " is a symlink to " + e.get().linkTarget().orElse("?"), Subject.file(path));
      }
      String msg =
          e.isEmpty()
              ? path + " does not exist"
              : path + " is " + article(e.get().type()) + ", not a symlink";
      return Outcome.fail(Violation.file(msg, "", path, e));
    }
    FileType want = is.equals("file") ? FileType.REGULAR : FileType.DIRECTORY;
    Resolution r = ctx.resolve(path);
    if (r.found()) {
      FileEntry e = r.entry().orElseThrow();
      if (e.type() == want) {
        return Outcome.pass(
            EvalContext.describePath(r) + " is " + article(want), Subject.file(path));
      }
      return Outcome.fail(
          Violation.file(
              EvalContext.describePath(r) + " is " + article(e.type()) + ", not " + article(want),
              "",
              path,
              Optional.of(e)));
    }
    String message = EvalContext.describeMissing(r);
    String fix = "";
    Fact<List<String>> alternatives = p.list("alternatives", ctx);
    if (!alternatives.known()) {
      return alternatives.outcome();
    }
    for (String alt : alternatives.value()) {
      String a = ImagePaths.normalize(alt);
      if (a.equals(path)) {
        continue;
      }
      Resolution ar = ctx.resolve(a);
      if (ar.found() && ar.entry().orElseThrow().type() == want) {
        Map<String, String> locals = Map.of("found", a, "foundDir", ImagePaths.parent(a));
        if (p.has("alternativeHint")) {
          Fact<String> hint = p.template("alternativeHint", ctx, locals);
          if (!hint.known()) {
            return hint.outcome();
          }
          message += ", " + hint.value();
        } else {
          message += ", but " + a + " exists";
        }
        if (p.has("alternativeFix")) {
          Fact<String> altFix = p.template("alternativeFix", ctx, locals);
          if (!altFix.known()) {
            return altFix.outcome();
          }
          fix = altFix.value();
        }
        break;
      }
    }
    return Outcome.fail(Violation.file(message, fix, path, lastWriter(ctx, path)));
  }

  static Primitive mode() {
    return new SimplePrimitive(
        "path.mode",
        "The mode bits of the path (symlinks followed): 'has' all set, 'lacks' none set, 'anyOf'"
            + " at least one set. Does not apply to a missing path.",
        ParamSpec.of()
            .required("path", PATH, "the path inside the image")
            .optional("has", OCTAL, "bits that must all be set, e.g. \"4000\" (setuid)")
            .optional("lacks", OCTAL, "bits that must not be set, e.g. \"0002\" (other write)")
            .optional("anyOf", OCTAL, "bits of which at least one must be set, e.g. \"0111\""),
        (p, ctx) ->
            found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      FileEntry e = found.entry();
                      int mode = e.mode() & 07777;
                      List<String> problems = new ArrayList<>();
                      if (p.has("has") && (mode & p.octal("has")) != p.octal("has")) {
                        problems.add("bits " + octal(p.octal("has")) + " must be set");
                      }
                      if (p.has("lacks") && (mode & p.octal("lacks")) != 0) {
                        problems.add("bits " + octal(p.octal("lacks")) + " must not be set");
                      }
                      if (p.has("anyOf") && (mode & p.octal("anyOf")) == 0) {
                        problems.add("one of the bits " + octal(p.octal("anyOf")) + " must be set");
                      }
                      String desc =
                          path + " has " + EvalContext.describe(e) + " (" + octal(mode) + ")";
                      if (problems.isEmpty()) {
                        return Outcome.pass(desc, Subject.file(path));
                      }
                      return Outcome.fail(
                          Violation.file(
                              desc + ": " + String.join(", ", problems), "", path, Optional.of(e)));
                    }));
  }

  static Primitive owner() {
    return new SimplePrimitive(
        "path.owner",
        "The path (symlinks followed) is owned by the given uid and/or gid. Does not apply to a"
            + " missing path.",
        ParamSpec.of()
            .required("path", PATH, "the path inside the image")
            .optional("uid", INT, "the owner uid, e.g. 0 or ${uid}")
            .optional("gid", INT, "the owner gid"),
        (p, ctx) ->
            found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      FileEntry e = found.entry();
                      Fact<Optional<Long>> uidF = p.optNumber("uid", ctx);
                      if (!uidF.known()) {
                        return uidF.outcome();
                      }
                      Optional<Long> uid = uidF.value();
                      Fact<Optional<Long>> gidF = p.optNumber("gid", ctx);
                      if (!gidF.known()) {
                        return gidF.outcome();
                      }
                      Optional<Long> gid = gidF.value();
                      String owner = e.uid() + ":" + e.gid();
                      List<String> want = new ArrayList<>();
                      if (uid.isPresent() && e.uid() != uid.get()) {
                        want.add("uid " + uid.get());
                      }
                      if (gid.isPresent() && e.gid() != gid.get()) {
                        want.add("gid " + gid.get());
                      }
                      if (want.isEmpty()) {
                        return Outcome.pass(path + " is owned by " + owner, Subject.file(path));
                      }
                      return Outcome.fail(
                          Violation.file(
                              path
                                  + " is owned by "
                                  + owner
                                  + " ("
                                  + EvalContext.describe(e)
                                  + "), expected "
                                  + String.join(" and ", want),
                              "chown "
                                  + uid.map(String::valueOf).orElse("")
                                  + gid.map(g -> ":" + g).orElse("")
                                  + " "
                                  + path,
                              path,
                              Optional.of(e)));
                    }));
  }

  static Primitive executable() {
    return new SimplePrimitive(
        "path.executable",
        "The container user may execute the path (symlinks followed): every directory on the"
            + " way (and of every symlink followed) lets it search (x), and the owner, group or"
            + " other bits against its uid, primary gid and supplementary gids allow execute;"
            + " root needs any x bit. A script (#!) must be readable too: its interpreter opens"
            + " it. Does not apply to a missing path or one that is not a regular file.",
        ParamSpec.of().required("path", PATH, "the path inside the image"),
        (p, r) -> r.identity().reachable(p.declared("path").orElseThrow(), Reads.HEAD_BYTES),
        (p, ctx) ->
            found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      FileEntry e = found.entry();
                      if (!e.isRegular()) {
                        return Outcome.notApplicable(path + " is " + article(e.type()));
                      }
                      Fact<ContainerIdentity> whoF = ctx.identity();
                      if (!whoF.known()) {
                        return whoF.outcome();
                      }
                      ContainerIdentity who = whoF.value();
                      Optional<Permissions.ExecuteDenied> denied =
                          Permissions.executeDenied(ctx.tree(), path, e, who);
                      if (denied.isEmpty()) {
                        return unreadableScript(ctx, path, e, who)
                            .orElseGet(
                                () ->
                                    Outcome.pass(
                                        path + " is executable by " + ctx.describeUser(who),
                                        Subject.file(path)));
                      }
                      if (denied.get().search().isPresent()) {
                        return Outcome.fail(
                            searchDenied(ctx, path, "executable", who, denied.get().search()));
                      }
                      String fix =
                          who.isRoot() || e.uid() == who.uid()
                              ? "RUN chmod +x " + path
                              : "RUN chmod a+x " + path + " (or chown it to the container user)";
                      return Outcome.fail(
                          Violation.file(
                              path
                                  + " is not executable by "
                                  + ctx.describeUser(who)
                                  + EvalContext.because(denied.get()),
                              fix,
                              path,
                              Optional.of(e)));
                    }));
  }

  /**
   * A script the user may execute but not read: {@code execve} succeeds (the kernel reads the
   * {@code #!} line itself), then the interpreter's {@code open} of the script fails with EACCES
   * ({@code bash: run.sh: Permission denied}, exit 126). An ELF binary needs no r bit. Empty when
   * the file is readable, is not a script, or its head was not captured.
   */
  private static Optional<Outcome> unreadableScript(
      EvalContext ctx, String path, FileEntry e, ContainerIdentity who) {
    if (Permissions.canRead(e, who)) {
      return Optional.empty();
    }
    Fact<Content> head = ctx.input().content(e);
    if (!head.known() || !isScript(head.value().bytes())) {
      return Optional.empty();
    }
    return Optional.of(
        Outcome.fail(
            Violation.file(
                path
                    + " is a script "
                    + ctx.describeUser(who)
                    + " may execute but not read, so its #! interpreter cannot open it"
                    + " ('Permission denied', exit 126) ("
                    + EvalContext.describe(e)
                    + ")",
                "RUN chmod a+r " + path,
                path,
                Optional.of(e))));
  }

  private static boolean isScript(byte[] head) {
    return head.length >= 2 && head[0] == '#' && head[1] == '!';
  }

  static Primitive writable() {
    return access(
        "path.writable",
        "The container user (or, with uid/gid, a process with that uid and gid and the uid's"
            + " /etc/group memberships) may write the path (symlinks followed): every directory on"
            + " the way lets it search (x), the path grants w (a directory also x). Does not"
            + " apply to a missing path.",
        "writable",
        // creating a file in a directory needs its x bit as well as its w bit
        Permissions::canWrite,
        (e, who) -> "RUN chown " + who.uid() + ":" + who.gid() + " ");
  }

  static Primitive readable() {
    return access(
        "path.readable",
        "The container user (or, with uid/gid, that process) may read the path (symlinks"
            + " followed): every directory on the way lets it search (x), a file lets it read (r),"
            + " a directory lets it read and search (r and x, to list it as cp -r does). Does not"
            + " apply to a missing path.",
        "readable",
        Permissions::canRead,
        (e, who) -> "RUN chmod a+r" + (e.isDirectory() ? "X -R " : " "));
  }

  /**
   * A check that the container user (or the {@code uid}/{@code gid} process) reaches the path and
   * has an access to it: {@code allowed} on the entry, and x as well on a directory.
   */
  private static Primitive access(
      String name,
      String description,
      String what,
      java.util.function.BiPredicate<FileEntry, ContainerIdentity> allowed,
      java.util.function.BiFunction<FileEntry, ContainerIdentity, String> fixPrefix) {
    return new SimplePrimitive(
        name,
        description,
        ParamSpec.of()
            .required("path", PATH, "the path inside the image")
            .optional("uid", INT, "check as this uid instead of the container user")
            .optional("gid", INT, "with uid: its primary gid (default: its passwd gid, else 0)"),
        (p, r) -> r.identity(),
        (p, ctx) ->
            found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      FileEntry e = found.entry();
                      Fact<ContainerIdentity> whoF = asUser(p, ctx);
                      if (!whoF.known()) {
                        return whoF.outcome();
                      }
                      ContainerIdentity who = whoF.value();
                      Optional<Permissions.SearchDenied> denied =
                          Permissions.searchDenied(ctx.tree(), path, who);
                      if (denied.isPresent()) {
                        return Outcome.fail(searchDenied(ctx, path, what, who, denied));
                      }
                      if (allowed.test(e, who)
                          && (!e.isDirectory() || Permissions.canExecute(e, who))) {
                        return Outcome.pass(
                            path + " is " + what + " by " + ctx.describeUser(who),
                            Subject.file(path));
                      }
                      return Outcome.fail(
                          Violation.file(
                              path
                                  + " is not "
                                  + what
                                  + " by "
                                  + ctx.describeUser(who)
                                  + " ("
                                  + EvalContext.describe(e)
                                  + ")",
                              fixPrefix.apply(e, who) + path,
                              path,
                              Optional.of(e)));
                    }));
  }

  /** A path the identity cannot reach: a directory on the way has no search (x) bit for it. */
  static Violation searchDenied(
      EvalContext ctx,
      String path,
      String what,
      ContainerIdentity who,
      Optional<Permissions.SearchDenied> denied) {
    Permissions.SearchDenied d = denied.orElseThrow();
    return Violation.file(
        path + " is not " + what + " by " + ctx.describeUser(who) + ": " + d.describe(),
        "RUN chmod 755 " + d.directory() + " (or chown it to the container user)",
        d.directory(),
        Optional.of(d.entry()));
  }

  /** The container identity, or the process named by {@code uid}/{@code gid} parameters. */
  static Fact<ContainerIdentity> asUser(Params p, EvalContext ctx) {
    if (!p.has("uid")) {
      return ctx.identity();
    }
    Fact<Long> uidF = p.number("uid", ctx);
    if (!uidF.known()) {
      return Fact.notApplicable("no uid");
    }
    Fact<java.util.Optional<Long>> gidF = p.optNumber("gid", ctx);
    long uid = uidF.value();
    return ctx.input()
        .passwd()
        .flatMap(
            pw ->
                ctx.input()
                    .group()
                    .map(
                        gr -> {
                          ContainerIdentity id =
                              ContainerIdentity.resolve(
                                  Long.toString(uid), java.util.Optional.empty(), pw, gr);
                          long gid =
                              gidF.known() && gidF.value().isPresent()
                                  ? gidF.value().get()
                                  : id.gid();
                          return new ContainerIdentity(
                              id.user(),
                              uid,
                              gid,
                              id.supplementaryGids(),
                              id.name(),
                              id.passwdHome(),
                              id.envHome(),
                              List.of());
                        }));
  }

  /** A path parameter's value and the entry it names (symlinks followed). */
  record Found(String path, FileEntry entry) {}

  /** The {@code path} parameter and its entry; not applicable when the path does not exist. */
  static Fact<Found> found(Params p, EvalContext ctx) {
    return p.path("path", ctx).flatMap(path -> ctx.existing(path).map(e -> new Found(path, e)));
  }

  /**
   * The captured content of a found regular file: not applicable to anything else, skipped when the
   * content was not captured.
   */
  static Fact<Content> regularContent(EvalContext ctx, Found f) {
    if (!f.entry().isRegular()) {
      return Fact.notApplicable(f.path() + " is " + article(f.entry().type()));
    }
    return ctx.input().content(f.entry());
  }

  /** For a missing path, the entry of the deepest existing parent is of no use: no layer. */
  private static Optional<FileEntry> lastWriter(EvalContext ctx, String path) {
    return ctx.tree().lstat(path);
  }

  static String article(FileType t) {
    return switch (t) {
      case REGULAR -> "a regular file";
      case DIRECTORY -> "a directory";
      case SYMLINK -> "a symlink";
      case CHAR_DEVICE -> "a character device";
      case BLOCK_DEVICE -> "a block device";
      case FIFO -> "a FIFO";
    };
  }

  static String octal(int bits) {
    return String.format("%04o", bits);
  }
}
