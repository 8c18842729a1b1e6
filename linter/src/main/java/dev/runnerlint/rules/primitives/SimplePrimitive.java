package dev.runnerlint.rules.primitives;

import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Params;
import dev.runnerlint.rules.lang.Primitive;
import java.util.function.BiFunction;

/** A primitive given as a name, a description, its parameters and a function. */
record SimplePrimitive(
    String name, String description, ParamSpec params, BiFunction<Params, EvalContext, Outcome> fn)
    implements Primitive {

  @Override
  public Outcome evaluate(Params p, EvalContext ctx) {
    return fn.apply(p, ctx);
  }
}
