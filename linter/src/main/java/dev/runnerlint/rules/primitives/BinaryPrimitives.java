package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.BOOL;
import static dev.runnerlint.rules.lang.ParamSpec.Type.INT;
import static dev.runnerlint.rules.lang.ParamSpec.Type.PATH;
import static dev.runnerlint.rules.lang.ParamSpec.Type.STRING;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.Elf;
import dev.runnerlint.facts.PathLookup;
import dev.runnerlint.facts.Permissions;
import dev.runnerlint.facts.Shebang;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.layer.Content;
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

/** Primitives about executables: commands on PATH, {@code #!} interpreters, ELF headers. */
final class BinaryPrimitives {
  private BinaryPrimitives() {}

  static List<Primitive> all() {
    return List.of(onPath(), shebang(), elf());
  }

  /** The head of the file named by {@code path}, also through links (to any executable). */
  private static void readsHead(Params p, Reads r) {
    r.reachable(p.declared("path").orElseThrow(), Reads.HEAD_BYTES);
    r.executables(Reads.HEAD_BYTES);
  }

  static Primitive onPath() {
    return new SimplePrimitive(
        "command.onPath",
        "A command is found on the image's PATH (Env PATH, else the runtime default) as a regular"
            + " file; optionally owned by a uid and with the setuid bit.",
        ParamSpec.of()
            .required("name", STRING, "the command name, e.g. sudo")
            .optional("uid", INT, "the owner uid it must have")
            .optional("setuid", BOOL, "it must have the setuid bit"),
        (p, ctx) -> {
          Fact<String> nameF = p.string("name", ctx);
          if (!nameF.known()) {
            return nameF.outcome();
          }
          String name = nameF.value();
          PathLookup lookup = ctx.input().pathLookup();
          Optional<PathLookup.Found> found = lookup.find(ctx.tree(), name);
          if (found.isEmpty()) {
            return Outcome.fail(
                Violation.config(
                    name
                        + " is not on the image PATH ("
                        + String.join(":", lookup.directories())
                        + ")",
                    "",
                    "Env.PATH"));
          }
          Resolution r = found.get().resolution();
          FileEntry e = found.get().entry();
          String where = EvalContext.describePath(r);
          List<String> problems = new ArrayList<>();
          Fact<Optional<Long>> uidF = p.optNumber("uid", ctx);
          if (!uidF.known()) {
            return uidF.outcome();
          }
          Optional<Long> uid = uidF.value();
          if (uid.isPresent() && e.uid() != uid.get()) {
            problems.add("is owned by uid " + e.uid() + ", expected " + uid.get());
          }
          if (p.bool("setuid", false) && (e.mode() & FileEntry.SETUID) == 0) {
            problems.add("lacks the setuid bit");
          }
          if (problems.isEmpty()) {
            return Outcome.pass(
                name + " is " + where + " (" + EvalContext.describe(e) + ")",
                Subject.file(found.get().path()));
          }
          return Outcome.fail(
              Violation.file(
                  name
                      + " ("
                      + where
                      + ") "
                      + String.join(" and ", problems)
                      + " ("
                      + EvalContext.describe(e)
                      + ")",
                  "",
                  found.get().path(),
                  Optional.of(e)));
        });
  }

  static Primitive shebang() {
    return new SimplePrimitive(
        "shebang.resolves",
        "A script's #! interpreter resolves to a file the container user may execute"
            + " (#!/usr/bin/env CMD: CMD on the image PATH). An ELF file passes; a file without #!"
            + " fails (exec format error). Does not apply to a missing file.",
        ParamSpec.of().required("path", PATH, "the script inside the image"),
        (p, r) -> readsHead(p, r.identity()),
        (p, ctx) ->
            PathPrimitives.found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      FileEntry script = found.entry();
                      Fact<Content> headF = PathPrimitives.regularContent(ctx, found);
                      if (!headF.known()) {
                        return headF.outcome();
                      }
                      Content head = headF.value();
                      if (Elf.parse(head.bytes()).isPresent()) {
                        return Outcome.pass(path + " is an ELF binary", Subject.file(path));
                      }
                      Shebang sb = Shebang.parse(head);
                      Optional<FileEntry> se = Optional.of(script);
                      switch (sb.status()) {
                        case NOT_SHEBANG:
                          return Outcome.fail(
                              Violation.file(
                                  path
                                      + " does not start with #! (nor is it an ELF binary): exec fails with"
                                      + " 'exec format error'",
                                  "start " + path + " with a line such as #!/bin/bash",
                                  path,
                                  se));
                        case TRUNCATED:
                          return Outcome.skipped(
                              "the #! line of " + path + " is longer than what was captured");
                        case NO_INTERPRETER:
                          return Outcome.fail(
                              Violation.file(
                                  path + " has '#!' without an interpreter", "", path, se));
                        default:
                          break;
                      }
                      String line =
                          "#!" + sb.interpreter() + sb.argument().map(a -> " " + a).orElse("");
                      String shown = line.replace("\r", "\\r");
                      if (sb.crlf()) {
                        return Outcome.fail(
                            Violation.file(
                                path
                                    + " starts with "
                                    + shown
                                    + ": CRLF line endings, so the kernel looks for an"
                                    + " interpreter ending in a carriage return",
                                "convert " + path + " to LF line endings (dos2unix)",
                                path,
                                se));
                      }
                      Fact<ContainerIdentity> whoF = ctx.identity();
                      if (!whoF.known()) {
                        return whoF.outcome();
                      }
                      ContainerIdentity who = whoF.value();
                      if (sb.usesEnv()) {
                        Optional<String> cmd = sb.envCommand();
                        Resolution envR = ctx.resolve(sb.interpreter());
                        if (!envR.found() || !envR.entry().orElseThrow().isRegular()) {
                          return Outcome.fail(
                              Violation.file(
                                  path
                                      + " starts with "
                                      + shown
                                      + " but "
                                      + EvalContext.describeMissing(envR),
                                  "",
                                  path,
                                  se));
                        }
                        if (cmd.isEmpty()) {
                          return Outcome.fail(
                              Violation.file(
                                  path
                                      + " starts with "
                                      + shown
                                      + ": "
                                      + String.join("; ", sb.notes()),
                                  "",
                                  path,
                                  se));
                        }
                        PathLookup lookup = ctx.input().pathLookup();
                        Optional<PathLookup.Found> f = lookup.find(ctx.tree(), cmd.get());
                        if (f.isEmpty()) {
                          return Outcome.fail(
                              Violation.file(
                                  path
                                      + " starts with "
                                      + shown
                                      + " but "
                                      + cmd.get()
                                      + " is not on the image PATH ("
                                      + String.join(":", lookup.directories())
                                      + ")",
                                  "",
                                  path,
                                  se));
                        }
                        Optional<Outcome> cmdRefused =
                            notExecutable(
                                ctx,
                                path,
                                shown,
                                f.get().path(),
                                f.get().path(),
                                f.get().entry(),
                                who,
                                se);
                        if (cmdRefused.isPresent()) {
                          return cmdRefused.get();
                        }
                        return Outcome.pass(
                            path + ": " + shown + " runs " + f.get().path(), Subject.file(path));
                      }
                      Resolution ir = ctx.resolve(sb.interpreter());
                      if (!ir.found()) {
                        return Outcome.fail(
                            Violation.file(
                                path
                                    + " starts with "
                                    + shown
                                    + " but "
                                    + EvalContext.describeMissing(ir)
                                    + " in the image",
                                "",
                                path,
                                se));
                      }
                      FileEntry interp = ir.entry().orElseThrow();
                      if (!interp.isRegular()) {
                        return Outcome.fail(
                            Violation.file(
                                path
                                    + " starts with "
                                    + shown
                                    + " but "
                                    + EvalContext.describePath(ir)
                                    + " is "
                                    + PathPrimitives.article(interp.type()),
                                "",
                                path,
                                se));
                      }
                      Optional<Outcome> interpRefused =
                          notExecutable(
                              ctx,
                              path,
                              shown,
                              sb.interpreter(),
                              EvalContext.describePath(ir),
                              interp,
                              who,
                              se);
                      if (interpRefused.isPresent()) {
                        return interpRefused.get();
                      }
                      return Outcome.pass(
                          path + ": " + shown + " resolves to " + EvalContext.describePath(ir),
                          Subject.file(path));
                    }));
  }

  static Primitive elf() {
    return new SimplePrimitive(
        "elf.matchesPlatform",
        "A file is an ELF binary whose class, byte order and machine match the image platform"
            + " (amd64 = x86-64, arm64 = AArch64, arm = 32-bit ARM …). Does not apply to a missing"
            + " file or a platform without a known ELF machine.",
        ParamSpec.of().required("path", PATH, "the binary inside the image"),
        BinaryPrimitives::readsHead,
        (p, ctx) ->
            PathPrimitives.found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      FileEntry e = found.entry();
                      if (!e.isRegular()) {
                        return Outcome.notApplicable(
                            path + " is " + PathPrimitives.article(e.type()));
                      }
                      var platform = ctx.input().platform();
                      Optional<Elf.Expectation> want = Elf.expectedFor(platform);
                      if (want.isEmpty()) {
                        return Outcome.notApplicable(
                            "no known ELF machine for platform " + platform);
                      }
                      Fact<Content> headF = ctx.input().content(e);
                      if (!headF.known()) {
                        return headF.outcome();
                      }
                      Content head = headF.value();
                      Optional<Elf> elf = Elf.parse(head.bytes());
                      if (elf.isEmpty()) {
                        return Outcome.fail(
                            Violation.file(
                                path
                                    + " is not an ELF binary ("
                                    + e.size()
                                    + " bytes), but the platform is "
                                    + platform,
                                "",
                                path,
                                Optional.of(e)));
                      }
                      if (elf.get().matchesPlatform(platform)) {
                        return Outcome.pass(
                            path + " is " + elf.get().describe() + ", as " + platform + " needs",
                            Subject.file(path));
                      }
                      return Outcome.fail(
                          Violation.file(
                              path
                                  + " is "
                                  + elf.get().describe()
                                  + " but the image platform "
                                  + platform
                                  + " needs "
                                  + want.get().describe()
                                  + ": exec fails with 'exec format error'",
                              "",
                              path,
                              Optional.of(e)));
                    }));
  }

  /**
   * Why {@code who} cannot run a script's interpreter (or env's command) {@code target}: a
   * directory on the way it may not search, or no x bit for it on the file; empty when it can.
   * {@code described} names the file in the second message.
   */
  private static Optional<Outcome> notExecutable(
      EvalContext ctx,
      String path,
      String shown,
      String target,
      String described,
      FileEntry entry,
      ContainerIdentity who,
      Optional<FileEntry> se) {
    return Permissions.executeDenied(ctx.tree(), target, entry, who)
        .map(
            d ->
                Outcome.fail(
                    Violation.file(
                        path
                            + " starts with "
                            + shown
                            + " but "
                            + (d.search().isPresent() ? target : described)
                            + " is not executable by "
                            + ctx.describeUser(who)
                            + EvalContext.because(d),
                        d.search().map(s -> "RUN chmod 755 " + s.directory()).orElse(""),
                        path,
                        se)));
  }
}
