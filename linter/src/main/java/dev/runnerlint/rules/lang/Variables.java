package dev.runnerlint.rules.lang;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ${name}} variables parameters may use, and their substitution. */
public final class Variables {
  private Variables() {}

  /** Every variable name with what it means; the rule-language doc lists the same. */
  public static final Map<String, String> KNOWN;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "runnerDir",
        "the runner directory (--runner-dir, config runnerDir; default /actions-runner)");
    m.put(
        "runShDir",
        "the directory of ${runnerDir}/run.sh with its symlinks followed (run.sh cds there and"
            + " looks for run-helper.sh.template beside itself); ${runnerDir} when run.sh is not a"
            + " regular file");
    m.put("home", "the container user's HOME: Env HOME, else its /etc/passwd home");
    m.put("uid", "the container user's uid");
    m.put("gid", "the container user's primary gid");
    m.put("user", "the config User as written (empty when unset)");
    m.put("userName", "the container user's name from /etc/passwd");
    m.put("platform", "the image platform, e.g. linux/amd64");
    m.put("os", "the platform's os");
    m.put("arch", "the platform's architecture");
    m.put("mode", "the container mode (--values containerMode.type, --mode; default: default)");
    m.put(
        "env.NAME",
        "the container's env variable NAME (image Env, with a deployment joined with the values'"
            + " env)");
    KNOWN = java.util.Collections.unmodifiableMap(m);
  }

  /** Variables {@code ${env.NAME}} name an env variable. */
  public static final String ENV_PREFIX = "env.";

  /** True for a known variable: one of {@link #KNOWN}, or {@code env.NAME}. */
  public static boolean isKnown(String name) {
    return (KNOWN.containsKey(name) && !name.equals("env.NAME"))
        || (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length());
  }

  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]*)}");

  /** The names used in {@code text}. */
  public static Set<String> namesIn(String text) {
    Set<String> names = new java.util.LinkedHashSet<>();
    Matcher m = VAR.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  public static boolean hasVariables(String text) {
    return VAR.matcher(text).find();
  }

  /**
   * Replaces every {@code ${name}} with its value from {@code ctx}; missing when a variable has no
   * value for the image (the first such variable's reason).
   */
  public static Fact<String> substitute(String text, EvalContext ctx) {
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Fact<String> value = ctx.variable(m.group(1));
      if (!(value instanceof Fact.Known<String> k)) {
        return value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(k.value()));
    }
    m.appendTail(out);
    return Fact.of(out.toString());
  }

  /** {@link #substitute}, leaving the text as written when a variable has no value. */
  public static String substituteOrKeep(String text, EvalContext ctx) {
    return substitute(text, ctx).orElse(text);
  }
}
