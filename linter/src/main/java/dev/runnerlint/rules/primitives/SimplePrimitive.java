package dev.runnerlint.rules.primitives;

import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Params;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Reads;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A primitive given as a name, a description, its parameters, what it reads and a function.
 *
 * @param reads declares the file contents a call reads (see {@link Reads})
 */
record SimplePrimitive(
    String name,
    String description,
    ParamSpec params,
    BiConsumer<Params, Reads> reads,
    BiFunction<Params, EvalContext, Outcome> fn)
    implements Primitive {

  /** A primitive that reads no file content. */
  SimplePrimitive(
      String name,
      String description,
      ParamSpec params,
      BiFunction<Params, EvalContext, Outcome> fn) {
    this(name, description, params, (p, r) -> {}, fn);
  }

  @Override
  public void reads(Params p, Reads r) {
    reads.accept(p, r);
  }

  @Override
  public Outcome evaluate(Params p, EvalContext ctx) {
    return fn.apply(p, ctx);
  }
}
