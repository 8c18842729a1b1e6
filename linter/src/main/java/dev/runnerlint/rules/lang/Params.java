package dev.runnerlint.rules.lang;

import dev.runnerlint.rules.lang.ParamSpec.Param;
import dev.runnerlint.rules.lang.ParamSpec.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parameters of one primitive call in a pack, validated against the primitive's {@link
 * ParamSpec} when the pack loads; read at evaluation time with variables substituted.
 */
public final class Params {
  private final String primitive;
  private final Map<String, YamlNode> values;

  private Params(String primitive, Map<String, YamlNode> values) {
    this.primitive = primitive;
    this.values = values;
  }

  /**
   * Validates {@code node} (a mapping, or nothing for no parameters) against {@code spec}.
   *
   * @throws YamlNode.Invalid naming the line of the offending parameter
   */
  public static Params validate(String primitive, ParamSpec spec, YamlNode node) {
    Map<String, YamlNode> values =
        node.isNull() ? Map.of() : node.requireMap("the parameters of '" + primitive + "'");
    for (Map.Entry<String, YamlNode> e : values.entrySet()) {
      Param p = spec.params().get(e.getKey());
      if (p == null) {
        throw e.getValue()
            .invalid(
                "unknown parameter '"
                    + e.getKey()
                    + "' for '"
                    + primitive
                    + "'; expected "
                    + (spec.params().isEmpty()
                        ? "none"
                        : String.join(", ", spec.params().keySet())));
      }
      check(primitive, p, e.getValue());
    }
    for (Param p : spec.params().values()) {
      if (p.required() && !values.containsKey(p.name())) {
        throw node.invalid(
            "'" + primitive + "' needs parameter '" + p.name() + "' (" + p.doc() + ")");
      }
    }
    return new Params(primitive, values);
  }

  private static void check(String primitive, Param p, YamlNode v) {
    String where = "parameter '" + p.name() + "' of '" + primitive + "'";
    if (p.type() == Type.LIST) {
      for (YamlNode item : v.requireList(where)) {
        checkVariables(where, item.requireText(where), item);
      }
      return;
    }
    String text = v.requireText(where);
    boolean vars = Variables.hasVariables(text);
    switch (p.type()) {
      case STRING -> checkVariables(where, text, v);
      case TEMPLATE -> {
        for (String name : Variables.namesIn(text)) {
          if (!Variables.isKnown(name) && !ParamSpec.TEMPLATE_VARIABLES.contains(name)) {
            throw v.invalid(
                where
                    + " uses unknown variable '${"
                    + name
                    + "}'; known: "
                    + String.join(", ", Variables.KNOWN.keySet())
                    + ", "
                    + String.join(", ", new java.util.TreeSet<>(ParamSpec.TEMPLATE_VARIABLES)));
          }
        }
      }
      case PATH -> {
        checkVariables(where, text, v);
        if (!text.startsWith("/") && !text.startsWith("${")) {
          throw v.invalid(where + " must be an absolute path, found '" + text + "'");
        }
      }
      case INT -> {
        checkVariables(where, text, v);
        if (!vars && !text.matches("[0-9]{1,10}")) {
          throw v.invalid(where + " must be a non-negative integer, found '" + text + "'");
        }
      }
      case BOOL -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw v.invalid(where + " must be true or false, found '" + text + "'");
        }
      }
      case OCTAL -> {
        if (!text.matches("0?[0-7]{1,4}")) {
          throw v.invalid(
              where
                  + " must be octal mode bits such as \"0755\" or \"4000\", found '"
                  + text
                  + "'");
        }
      }
      case CHOICE -> {
        if (!p.choices().contains(text)) {
          throw v.invalid(
              where
                  + " must be one of "
                  + String.join(", ", new java.util.TreeSet<>(p.choices()))
                  + ", found '"
                  + text
                  + "'");
        }
      }
      case REGEX -> {
        try {
          Pattern.compile(text);
        } catch (PatternSyntaxException e) {
          throw v.invalid(where + " is not a valid regular expression: " + e.getDescription());
        }
      }
      default -> throw new IllegalStateException(p.type().toString());
    }
  }

  private static void checkVariables(String where, String text, YamlNode v) {
    for (String name : Variables.namesIn(text)) {
      if (!Variables.isKnown(name)) {
        throw v.invalid(
            where
                + " uses unknown variable '${"
                + name
                + "}'; known: "
                + String.join(", ", Variables.KNOWN.keySet()));
      }
    }
  }

  public String primitive() {
    return primitive;
  }

  /** A parameter's text as written in the pack (variables not substituted). */
  public Optional<String> declared(String name) {
    YamlNode v = values.get(name);
    return v == null || !v.isScalar() ? Optional.empty() : Optional.of(v.text());
  }

  /** Every variable the parameter values use. */
  public java.util.Set<String> variables() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (YamlNode v : values.values()) {
      for (YamlNode item : v.isList() ? v.items() : List.of(v)) {
        if (item.isScalar()) {
          names.addAll(Variables.namesIn(item.text()));
        }
      }
    }
    return names;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A text parameter with variables substituted; missing when a variable has no value. */
  public Fact<String> string(String name, EvalContext ctx) {
    return Variables.substitute(raw(name), ctx);
  }

  /** A template parameter with the primitive's own values put in first, then variables. */
  public Fact<String> template(String name, EvalContext ctx, Map<String, String> locals) {
    String text = raw(name);
    for (Map.Entry<String, String> e : locals.entrySet()) {
      text = text.replace("${" + e.getKey() + "}", e.getValue());
    }
    return Variables.substitute(text, ctx);
  }

  /** A path parameter, substituted and normalised. */
  public Fact<String> path(String name, EvalContext ctx) {
    return string(name, ctx).map(ImagePaths::normalize);
  }

  /** An integer parameter, substituted; not applicable when it is not a number then. */
  public Fact<Long> number(String name, EvalContext ctx) {
    return string(name, ctx)
        .flatMap(
            text -> {
              String s = text.trim();
              try {
                return Fact.of(Long.parseLong(s));
              } catch (NumberFormatException e) {
                return Fact.notApplicable(
                    "parameter '" + name + "' of '" + primitive + "' is not a number: '" + s + "'");
              }
            });
  }

  /** An optional integer parameter: empty when not given. */
  public Fact<Optional<Long>> optNumber(String name, EvalContext ctx) {
    return has(name) ? number(name, ctx).map(Optional::of) : Fact.of(Optional.empty());
  }

  public boolean bool(String name, boolean defaultValue) {
    return has(name) ? Boolean.parseBoolean(raw(name)) : defaultValue;
  }

  public int octal(String name) {
    return Integer.parseInt(raw(name), 8);
  }

  public Optional<String> choice(String name) {
    return has(name) ? Optional.of(raw(name)) : Optional.empty();
  }

  public Pattern regex(String name) {
    return Pattern.compile(raw(name));
  }

  /** A list parameter, each item substituted. */
  public Fact<List<String>> list(String name, EvalContext ctx) {
    List<String> out = new ArrayList<>();
    if (has(name)) {
      for (YamlNode item : values.get(name).requireList(name)) {
        Fact<String> v = Variables.substitute(item.text(), ctx);
        if (!(v instanceof Fact.Known<String> k)) {
          return v.map(x -> List.of());
        }
        out.add(k.value());
      }
    }
    return Fact.of(out);
  }

  private String raw(String name) {
    YamlNode v = values.get(name);
    if (v == null) {
      throw new IllegalStateException("'" + primitive + "' read undeclared parameter " + name);
    }
    return v.text();
  }
}
