package dev.runnerlint.rules.lang;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parameters a check primitive accepts: name, type, whether required. Checked at load. */
public final class ParamSpec {

  /** A parameter's type. Values may contain {@code ${variables}} unless the type forbids it. */
  public enum Type {
    /** Any text. */
    STRING,
    /** An absolute path inside the image (normalised after substitution). */
    PATH,
    /** A non-negative integer. */
    INT,
    /** {@code true} or {@code false}, no variables. */
    BOOL,
    /** Octal mode bits such as {@code "0755"} or {@code "4000"}, no variables. */
    OCTAL,
    /** One of the allowed values, no variables. */
    CHOICE,
    /** A list of texts (a single value counts as a one-item list). */
    LIST,
    /** A Java regular expression, no variables. */
    REGEX,
    /**
     * A message template: variables, plus the primitive's own {@code ${found}} and {@code
     * ${foundDir}}.
     */
    TEMPLATE
  }

  /** The extra variables a {@link Type#TEMPLATE} may use. */
  public static final java.util.Set<String> TEMPLATE_VARIABLES =
      java.util.Set.of("found", "foundDir");

  /** One parameter. */
  public record Param(String name, Type type, boolean required, Set<String> choices, String doc) {}

  private final Map<String, Param> params = new LinkedHashMap<>();

  public static ParamSpec of() {
    return new ParamSpec();
  }

  public ParamSpec required(String name, Type type, String doc) {
    params.put(name, new Param(name, type, true, Set.of(), doc));
    return this;
  }

  public ParamSpec optional(String name, Type type, String doc) {
    params.put(name, new Param(name, type, false, Set.of(), doc));
    return this;
  }

  public ParamSpec requiredChoice(String name, List<String> choices, String doc) {
    params.put(name, new Param(name, Type.CHOICE, true, Set.copyOf(choices), doc));
    return this;
  }

  public ParamSpec optionalChoice(String name, List<String> choices, String doc) {
    params.put(name, new Param(name, Type.CHOICE, false, Set.copyOf(choices), doc));
    return this;
  }

  public Map<String, Param> params() {
    return java.util.Collections.unmodifiableMap(params);
  }
}
