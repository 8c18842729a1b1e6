package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.BOOL;
import static dev.runnerlint.rules.lang.ParamSpec.Type.LIST;
import static dev.runnerlint.rules.lang.ParamSpec.Type.PATH;
import static dev.runnerlint.rules.lang.ParamSpec.Type.REGEX;
import static dev.runnerlint.rules.lang.ParamSpec.Type.STRING;
import static dev.runnerlint.rules.lang.ParamSpec.Type.TEMPLATE;

import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.ImagePaths;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Params;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Primitives about the image config: fields (User, WorkingDir, Entrypoint, Cmd …) and Env. */
final class ConfigPrimitives {
  private ConfigPrimitives() {}

  /** The config fields primitives can read. */
  static final List<String> FIELDS =
      List.of("User", "WorkingDir", "Entrypoint", "Cmd", "os", "architecture", "variant");

  static List<Primitive> all() {
    return List.of(equalsP(), matches(), set(), unset(), envSet(), envEquals());
  }

  /** The field's value as text: list fields space-joined. */
  static String value(ImageConfig c, String field) {
    return switch (field) {
      case "User" -> c.user();
      case "WorkingDir" -> c.workingDir();
      case "Entrypoint" -> String.join(" ", c.entrypoint());
      case "Cmd" -> String.join(" ", c.cmd());
      case "os" -> c.os();
      case "architecture" -> c.architecture();
      case "variant" -> c.variant();
      default -> throw new IllegalStateException(field);
    };
  }

  /** The field as a Dockerfile would show it: list fields in JSON form. */
  static String display(ImageConfig c, String field) {
    List<String> list =
        switch (field) {
          case "Entrypoint" -> c.entrypoint();
          case "Cmd" -> c.cmd();
          default -> null;
        };
    if (list == null) {
      return value(c, field);
    }
    List<String> quoted = new ArrayList<>();
    for (String s : list) {
      quoted.add("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return "[" + String.join(",", quoted) + "]";
  }

  /** The Dockerfile instruction that sets a field. */
  static String instruction(String field) {
    return ImageConfig.instructionFor(field).orElse(field.toUpperCase(java.util.Locale.ROOT));
  }

  static Primitive equalsP() {
    return new SimplePrimitive(
        "config.equals",
        "A config field equals a value; with normalize: path both sides are normalised as paths"
            + " (an unset WorkingDir is /) and two paths that resolve to the same entry of the"
            + " image (symlinks followed) are equal.",
        ParamSpec.of()
            .requiredChoice("field", FIELDS, "the config field")
            .required("value", STRING, "the expected value")
            .optionalChoice("normalize", List.of("path", "none"), "path or none (default)")
            .optional(
                "alternativeOf",
                PATH,
                "a file that should exist (e.g. ${runnerDir}/run.sh); when it does not and one of"
                    + " alternatives does, the fix is alternativeFix")
            .optional("alternatives", LIST, "other paths of that file")
            .optional(
                "alternativeFix",
                TEMPLATE,
                "the fix when an alternative exists; ${found}, ${foundDir}"),
        (p, ctx) -> p.string("value", ctx).then(want -> equalsValue(p, ctx, want)));
  }

  /**
   * The fix when the file {@code alternativeOf} names is missing but one of {@code alternatives} is
   * a regular file (the image's runner is elsewhere: say what ARC001 says), else {@code fix}.
   */
  private static Fact<String> alternativeFix(Params p, EvalContext ctx, String fix) {
    if (!p.has("alternativeOf") || !p.has("alternativeFix")) {
      return Fact.of(fix);
    }
    Fact<String> of = p.path("alternativeOf", ctx);
    Fact<List<String>> alternatives = p.list("alternatives", ctx);
    if (!of.known() || !alternatives.known()) {
      return Fact.of(fix);
    }
    if (isFile(ctx, of.value())) {
      return Fact.of(fix);
    }
    for (String alt : alternatives.value()) {
      String a = ImagePaths.normalize(alt);
      if (!a.equals(of.value()) && isFile(ctx, a)) {
        return p.template(
            "alternativeFix", ctx, Map.of("found", a, "foundDir", ImagePaths.parent(a)));
      }
    }
    return Fact.of(fix);
  }

  private static boolean isFile(EvalContext ctx, String path) {
    Resolution r = ctx.resolve(path);
    return r.found() && r.entry().orElseThrow().type() == FileType.REGULAR;
  }

  private static Outcome equalsValue(Params p, EvalContext ctx, String want) {
    String field = p.choice("field").orElseThrow();
    String actual = value(ctx.config(), field);
    boolean path = p.choice("normalize").orElse("none").equals("path");
    boolean ok =
        path
            ? ImagePaths.normalize(actual).equals(ImagePaths.normalize(want))
            : actual.equals(want);
    String shown =
        actual.isEmpty()
            ? field
                + " is not set"
                + (field.equals("WorkingDir") ? " (the container starts in /)" : "")
            : field + " is " + display(ctx.config(), field);
    if (ok) {
      return Outcome.pass(shown, Subject.config(field));
    }
    if (path) {
      // the runtime follows symlinks: two names of one directory of the image are the same
      Resolution ra = ctx.resolve(ImagePaths.normalize(actual));
      Resolution rw = ctx.resolve(ImagePaths.normalize(want));
      if (ra.found() && rw.found() && ra.resolvedPath().equals(rw.resolvedPath())) {
        List<String> hops = new ArrayList<>(ra.hops());
        hops.addAll(rw.hops());
        return Outcome.pass(
            shown
                + ", the same directory as "
                + ImagePaths.normalize(want)
                + " in the image ("
                + String.join(", ", hops)
                + ")",
            Subject.config(field));
      }
    }
    String expected = path ? ImagePaths.normalize(want) : want;
    Fact<String> fix = alternativeFix(p, ctx, instruction(field) + " " + expected);
    if (!fix.known()) {
      return fix.outcome();
    }
    return Outcome.fail(Violation.config(shown + ", expected " + expected, fix.value(), field));
  }

  static Primitive matches() {
    return new SimplePrimitive(
        "config.matches",
        "A config field matches a regular expression (the whole value).",
        ParamSpec.of()
            .requiredChoice("field", FIELDS, "the config field")
            .required("pattern", REGEX, "a Java regular expression"),
        (p, ctx) -> {
          String field = p.choice("field").orElseThrow();
          String actual = value(ctx.config(), field);
          String shown =
              field + " is " + (actual.isEmpty() ? "not set" : display(ctx.config(), field));
          if (p.regex("pattern").matcher(actual).matches()) {
            return Outcome.pass(shown, Subject.config(field));
          }
          return Outcome.fail(
              Violation.config(
                  shown + ", which does not match " + p.regex("pattern").pattern(), "", field));
        });
  }

  static Primitive set() {
    return new SimplePrimitive(
        "config.set",
        "Every listed config field is set (non-empty).",
        ParamSpec.of().required("field", LIST, "one field or a list: " + String.join(", ", FIELDS)),
        (p, ctx) ->
            p.list("field", ctx)
                .flatMap(ConfigPrimitives::fields)
                .then(
                    fields -> {
                      List<Violation> missing = new ArrayList<>();
                      for (String f : fields) {
                        if (value(ctx.config(), f).isEmpty()) {
                          missing.add(
                              Violation.config("the image does not set " + instruction(f), "", f));
                        }
                      }
                      return missing.isEmpty()
                          ? Outcome.pass(
                              "the image sets "
                                  + String.join(
                                      " and ",
                                      fields.stream().map(ConfigPrimitives::instruction).toList()),
                              Subject.config(fields.get(0)))
                          : new Outcome.Fail(missing);
                    }));
  }

  static Primitive unset() {
    return new SimplePrimitive(
        "config.unset",
        "None of the listed config fields is set; one violation names every field that is.",
        ParamSpec.of().required("field", LIST, "one field or a list: " + String.join(", ", FIELDS)),
        (p, ctx) ->
            p.list("field", ctx)
                .flatMap(ConfigPrimitives::fields)
                .then(
                    fields -> {
                      List<String> set = new ArrayList<>();
                      Optional<String> first = Optional.empty();
                      for (String f : fields) {
                        if (!value(ctx.config(), f).isEmpty()) {
                          set.add(instruction(f) + " " + display(ctx.config(), f));
                          first = first.or(() -> Optional.of(f));
                        }
                      }
                      if (set.isEmpty()) {
                        return Outcome.pass(
                            "the image sets no "
                                + String.join(
                                    " or ",
                                    fields.stream().map(ConfigPrimitives::instruction).toList()),
                            Subject.config(fields.get(0)));
                      }
                      return Outcome.fail(
                          Violation.config(
                              "the image sets " + String.join(" and ", set), "", first.get()));
                    }));
  }

  private static Fact<List<String>> fields(List<String> names) {
    for (String n : names) {
      if (!FIELDS.contains(n)) {
        return Fact.notApplicable("unknown config field '" + n + "'");
      }
    }
    return Fact.of(names);
  }

  static Primitive envSet() {
    return new SimplePrimitive(
        "env.set",
        "The config Env sets a variable (by default to a non-empty value).",
        ParamSpec.of()
            .required("name", STRING, "the variable's name")
            .optional("nonEmpty", BOOL, "the value must not be empty (default true)"),
        (p, ctx) ->
            p.string("name", ctx)
                .then(
                    name -> {
                      Optional<String> v = ctx.config().envValue(name);
                      String key = "Env." + name;
                      if (v.isEmpty()) {
                        return Outcome.fail(Violation.config("Env does not set " + name, "", key));
                      }
                      if (p.bool("nonEmpty", true) && v.get().isEmpty()) {
                        return Outcome.fail(
                            Violation.config("Env sets " + name + " to an empty value", "", key));
                      }
                      return Outcome.pass("Env sets " + name + "=" + v.get(), Subject.config(key));
                    }));
  }

  static Primitive envEquals() {
    return new SimplePrimitive(
        "env.equals",
        "A variable of the config Env has a given value. With onlyIfSet: true it does not apply"
            + " when the variable is unset or empty.",
        ParamSpec.of()
            .required("name", STRING, "the variable's name")
            .required("value", STRING, "the expected value")
            .optional("onlyIfSet", BOOL, "not applicable when unset or empty (default false)"),
        (p, ctx) ->
            p.string("name", ctx)
                .then(
                    name ->
                        p.string("value", ctx)
                            .then(
                                want -> {
                                  Optional<String> v = ctx.config().envValue(name);
                                  String key = "Env." + name;
                                  if (p.bool("onlyIfSet", false)
                                      && v.map(String::isEmpty).orElse(true)) {
                                    return Outcome.notApplicable(name + " is not set");
                                  }
                                  if (v.isPresent() && v.get().equals(want)) {
                                    return Outcome.pass(
                                        "Env sets " + name + "=" + want, Subject.config(key));
                                  }
                                  return Outcome.fail(
                                      Violation.config(
                                          v.map(
                                                  x ->
                                                      "Env sets "
                                                          + name
                                                          + "="
                                                          + x
                                                          + ", expected "
                                                          + want)
                                              .orElse(
                                                  "Env does not set "
                                                      + name
                                                      + ", expected "
                                                      + want),
                                          "ENV " + name + "=" + want,
                                          key));
                                })));
  }
}
