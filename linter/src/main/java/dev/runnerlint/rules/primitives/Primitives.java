package dev.runnerlint.rules.primitives;

import dev.runnerlint.rules.lang.Primitive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The check primitives packs can use, by name. */
public final class Primitives {
  private Primitives() {}

  private static final Map<String, Primitive> BUILTIN;

  static {
    List<Primitive> all = new ArrayList<>();
    all.addAll(PathPrimitives.all());
    all.addAll(ContentPrimitives.all());
    all.addAll(ConfigPrimitives.all());
    all.addAll(IdentityPrimitives.all());
    all.addAll(BinaryPrimitives.all());
    all.addAll(SudoPrimitives.all());
    all.addAll(DeploymentPrimitives.all());
    Map<String, Primitive> m = new LinkedHashMap<>();
    for (Primitive p : all) {
      if (m.put(p.name(), p) != null) {
        throw new IllegalStateException("two primitives named " + p.name());
      }
    }
    BUILTIN = Collections.unmodifiableMap(m);
  }

  /** Every built-in primitive, by name, in documentation order. */
  public static Map<String, Primitive> builtin() {
    return BUILTIN;
  }
}
