package dev.runnerlint.rules.lang;

/**
 * A check primitive: a named, parameterised question about an image, implemented in Java and
 * combined in packs with {@code all:} / {@code any:} / {@code not:}. Implementations are stateless;
 * they read facts through the {@link EvalContext} and never open a stream.
 */
public interface Primitive {
  /** The name used in packs, e.g. {@code path.type}. */
  String name();

  /** What it checks, one sentence, for the rule-language doc. */
  String description();

  /** The parameters it accepts. */
  ParamSpec params();

  /**
   * Declares the file contents a call with these parameters reads (paths from its parameters and
   * the variables known per run), so that the layers are read capturing them. Content not declared
   * is not captured, and a check that needs it is skipped. Default: none.
   */
  default void reads(Params params, Reads reads) {}

  /**
   * Evaluates the check. A fact it needs that is missing ({@link Fact.Missing}) is returned as its
   * outcome, never thrown.
   *
   * @return pass, fail with specific violations, not applicable, or skipped
   */
  Outcome evaluate(Params params, EvalContext ctx);
}
