package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.INT;
import static dev.runnerlint.rules.lang.ParamSpec.Type.LIST;
import static dev.runnerlint.rules.lang.ParamSpec.Type.REGEX;
import static dev.runnerlint.rules.lang.ParamSpec.Type.STRING;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.PathLookup;
import dev.runnerlint.facts.Permissions;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Violation;
import dev.runnerlint.values.ContainerMode;
import dev.runnerlint.values.Deployment;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Primitives about how the chart runs the image ({@code --values}, {@code --mode}): the container
 * mode, the pod's command and root filesystem, the values of variables, group membership.
 */
final class DeploymentPrimitives {
  private DeploymentPrimitives() {}

  static List<Primitive> all() {
    return List.of(
        mode(),
        writableRoot(),
        hasCommand(),
        commandExecutable(),
        variableEquals(),
        variableMatches(),
        inGroup());
  }

  static Primitive mode() {
    List<String> modes = Arrays.stream(ContainerMode.values()).map(ContainerMode::id).toList();
    return new SimplePrimitive(
        "deployment.mode",
        "The container mode (values containerMode.type, --mode; default without either) is one of"
            + " the given modes.",
        ParamSpec.of().required("is", LIST, "the modes: " + String.join(", ", modes)),
        (p, ctx) ->
            p.list("is", ctx)
                .then(
                    want -> {
                      String mode =
                          ctx.deployment()
                              .map(d -> d.mode().id())
                              .orElse(ContainerMode.DEFAULT.id());
                      if (want.contains(mode)) {
                        return Outcome.pass(
                            "the container mode is " + mode, Subject.config("containerMode"));
                      }
                      return Outcome.fail(
                          Violation.config(
                              "the container mode is "
                                  + mode
                                  + ", not "
                                  + String.join(" or ", want),
                              "",
                              "containerMode"));
                    }));
  }

  static Primitive writableRoot() {
    return new SimplePrimitive(
        "deployment.writableRootFilesystem",
        "The runner container's root filesystem is writable: securityContext.readOnlyRootFilesystem"
            + " is not true.",
        ParamSpec.of(),
        (p, ctx) -> {
          boolean ro = ctx.deployment().map(Deployment::readOnlyRootFilesystem).orElse(false);
          if (!ro) {
            return Outcome.pass("the root filesystem is writable");
          }
          return Outcome.fail(
              Violation.config(
                  "securityContext.readOnlyRootFilesystem is true",
                  "Remove readOnlyRootFilesystem: true from the runner container's securityContext",
                  "securityContext.readOnlyRootFilesystem"));
        });
  }

  static Primitive hasCommand() {
    return new SimplePrimitive(
        "deployment.hasCommand",
        "The runner container has something to run: a command or args in the values, or the"
            + " image's ENTRYPOINT or CMD.",
        ParamSpec.of(),
        (p, ctx) -> {
          Optional<Deployment> d = ctx.deployment();
          boolean values = d.map(x -> !x.commandLine().isEmpty()).orElse(false);
          ImageConfig c = ctx.config();
          if (values || !c.entrypoint().isEmpty() || !c.cmd().isEmpty()) {
            return Outcome.pass("the container has a command");
          }
          return Outcome.fail(
              Violation.config(
                  "the runner container sets no command or args and the image sets no ENTRYPOINT"
                      + " or CMD: the pod has nothing to run",
                  "Set command: [\"" + ctx.runnerDir() + "/run.sh\"] on the runner container",
                  "command"));
        });
  }

  static Primitive commandExecutable() {
    return new SimplePrimitive(
        "deployment.commandExecutable",
        "The program the runner container's command runs (values command[0]) resolves in the image"
            + " (an absolute path, or a name on the image PATH) to a regular file the container"
            + " user may execute. Does not apply without a command, or when it is the runner's"
            + " run.sh (ARC001-ARC003 check that).",
        ParamSpec.of(),
        (p, r) -> r.identity(),
        (p, ctx) -> {
          List<String> command = ctx.deployment().map(Deployment::command).orElse(List.of());
          if (command.isEmpty()) {
            return Outcome.notApplicable("the runner container sets no command");
          }
          String program = command.get(0);
          if (program.endsWith("/run.sh")) {
            return Outcome.notApplicable("the command runs " + program);
          }
          Resolution res;
          String path;
          if (program.startsWith("/")) {
            res = ctx.resolve(program);
            path = program;
            if (!res.found()) {
              return Outcome.fail(
                  Violation.config(
                      "the command's " + EvalContext.describeMissing(res) + " in the image",
                      "Install " + program + " in the image, or fix the command",
                      "command"));
            }
          } else {
            PathLookup lookup = ctx.input().pathLookup();
            Optional<PathLookup.Found> found = lookup.find(ctx.tree(), program);
            if (found.isEmpty()) {
              return Outcome.fail(
                  Violation.config(
                      "the command "
                          + program
                          + " is not on the image PATH ("
                          + String.join(":", lookup.directories())
                          + ")",
                      "Install " + program + " in the image, or use an absolute path",
                      "command"));
            }
            res = found.get().resolution();
            path = found.get().path();
          }
          FileEntry e = res.entry().orElseThrow();
          if (!e.isRegular()) {
            return Outcome.fail(
                Violation.config(
                    "the command " + EvalContext.describePath(res) + " is not a regular file",
                    "Point the command at an executable file",
                    "command"));
          }
          Fact<ContainerIdentity> whoF = ctx.identity();
          if (!whoF.known()) {
            return whoF.outcome();
          }
          Optional<Permissions.ExecuteDenied> denied =
              Permissions.executeDenied(ctx.tree(), res.requested(), e, whoF.value());
          if (denied.isPresent()) {
            Permissions.ExecuteDenied d = denied.get();
            return Outcome.fail(
                new Violation(
                    "the command "
                        + EvalContext.describePath(res)
                        + " is not executable by "
                        + ctx.describeUser(whoF.value())
                        + EvalContext.because(d),
                    d.search()
                        .map(s -> "RUN chmod 755 " + s.directory())
                        .orElse("RUN chmod a+x " + path),
                    Subject.config("command"),
                    Optional.empty(),
                    Optional.of(d.at())));
          }
          return Outcome.pass("the command " + EvalContext.describePath(res) + " is executable");
        });
  }

  static Primitive variableEquals() {
    return new SimplePrimitive(
        "variable.equals",
        "A variable (runnerDir, mode, env.NAME …, written without ${}) has the value. Does not"
            + " apply when the variable has none.",
        ParamSpec.of()
            .required("name", STRING, "the variable's name, e.g. runnerDir")
            .required("value", STRING, "the expected value"),
        (p, ctx) ->
            p.string("value", ctx)
                .then(
                    want ->
                        variable(p.declared("name").orElseThrow(), ctx)
                            .then(
                                have ->
                                    have.equals(want)
                                        ? Outcome.pass(p.declared("name").get() + " is " + have)
                                        : Outcome.fail(
                                            Violation.config(
                                                p.declared("name").get()
                                                    + " is "
                                                    + have
                                                    + ", expected "
                                                    + want,
                                                "",
                                                p.declared("name").get())))));
  }

  static Primitive variableMatches() {
    return new SimplePrimitive(
        "variable.matches",
        "A variable's whole value matches a Java regular expression. Does not apply when the"
            + " variable has none.",
        ParamSpec.of()
            .required(
                "name", STRING, "the variable's name, e.g. env.ACTIONS_RUNNER_CONTAINER_HOOKS")
            .required("pattern", REGEX, "the regular expression"),
        (p, ctx) -> {
          String name = p.declared("name").orElseThrow();
          return variable(name, ctx)
              .then(
                  have ->
                      p.regex("pattern").matcher(have).matches()
                          ? Outcome.pass(name + " is " + have, subjectOf(name))
                          : Outcome.fail(
                              Violation.config(
                                  name
                                      + " is "
                                      + have
                                      + ", which does not match "
                                      + p.regex("pattern").pattern(),
                                  "",
                                  subjectOf(name).value())));
        });
  }

  /** {@code env.NAME} is the config key {@code Env.NAME}; other variables name themselves. */
  private static Subject subjectOf(String name) {
    return Subject.config(name.startsWith("env.") ? "Env." + name.substring(4) : name);
  }

  private static Fact<String> variable(String name, EvalContext ctx) {
    if (!dev.runnerlint.rules.lang.Variables.isKnown(name)) {
      return Fact.notApplicable("unknown variable '" + name + "'");
    }
    return ctx.variable(name);
  }

  static Primitive inGroup() {
    return new SimplePrimitive(
        "user.inGroup",
        "The container user has the gid as its primary or a supplementary group (with a"
            + " deployment: runAsGroup and fsGroup count).",
        ParamSpec.of().required("gid", INT, "the gid"),
        (p, r) -> r.identity(),
        (p, ctx) ->
            p.number("gid", ctx)
                .then(
                    gid -> {
                      Fact<ContainerIdentity> whoF = ctx.identity();
                      if (!whoF.known()) {
                        return whoF.outcome();
                      }
                      ContainerIdentity who = whoF.value();
                      if (who.inGroup(gid)) {
                        return Outcome.pass(ctx.describeUser(who) + " is in group " + gid);
                      }
                      return Outcome.fail(
                          Violation.config(
                              "the container user ("
                                  + ctx.describeUser(who)
                                  + ") is not in gid "
                                  + gid,
                              "",
                              "User"));
                    }));
  }
}
