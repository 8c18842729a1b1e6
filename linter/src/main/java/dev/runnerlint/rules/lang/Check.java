package dev.runnerlint.rules.lang;

import dev.runnerlint.findings.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node of a rule's {@code check:} or {@code when:}: a primitive call or a composition of nodes.
 */
public sealed interface Check {

  Outcome evaluate(EvalContext ctx);

  /** Declares the file contents this node and its children read (see {@link Reads}). */
  void declareReads(Reads reads);

  /**
   * Overrides a node may carry, applied to its violations: {@code message} (may use {@code
   * ${detail}} for the original message and any variable), {@code fix}, {@code level}, and {@code
   * at} (the deployment keys to blame, see {@link Violation#at()}).
   */
  record Options(
      Optional<String> message, Optional<String> fix, Optional<Level> level, List<String> at) {
    public static final Options NONE =
        new Options(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    public Options {
      at = at == null ? List.of() : List.copyOf(at);
    }

    public Options(Optional<String> message, Optional<String> fix, Optional<Level> level) {
      this(message, fix, level, List.of());
    }

    void declareReads(Reads reads) {
      message.ifPresent(reads::variablesIn);
      fix.ifPresent(reads::variablesIn);
    }

    Outcome apply(Outcome o, EvalContext ctx) {
      if (!(o instanceof Outcome.Fail f)) {
        return o;
      }
      if (message.isEmpty() && fix.isEmpty() && level.isEmpty() && at.isEmpty()) {
        return o;
      }
      List<Violation> out = new ArrayList<>();
      for (Violation v : f.violations()) {
        Violation w = v;
        if (message.isPresent()) {
          String detail = v.message();
          w =
              w.withMessage(
                  Variables.substituteOrKeep(message.get().replace("${detail}", detail), ctx));
        }
        if (fix.isPresent()) {
          w = w.withFix(Variables.substituteOrKeep(fix.get(), ctx));
        }
        if (level.isPresent()) {
          w = w.withLevel(level.get());
        }
        if (!at.isEmpty()) {
          w = w.withAt(at);
        }
        out.add(w);
      }
      return new Outcome.Fail(out);
    }
  }

  /** A primitive with its parameters. */
  record Call(Primitive primitive, Params params, Options options) implements Check {
    @Override
    public void declareReads(Reads reads) {
      primitive.reads(params, reads);
      params.variables().forEach(v -> reads.variablesIn("${" + v + "}"));
      options.declareReads(reads);
    }

    @Override
    public Outcome evaluate(EvalContext ctx) {
      return options.apply(primitive.evaluate(params, ctx), ctx);
    }
  }

  /**
   * Every child must hold. Violations of every failing child are reported; if none fails but one
   * was skipped, the node is skipped; children that do not apply are ignored (all of them not
   * applying makes the node not applicable).
   */
  record All(List<Check> children, Options options) implements Check {
    @Override
    public void declareReads(Reads reads) {
      children.forEach(c -> c.declareReads(reads));
      options.declareReads(reads);
    }

    @Override
    public Outcome evaluate(EvalContext ctx) {
      List<Violation> violations = new ArrayList<>();
      Optional<String> skipped = Optional.empty();
      Optional<String> notApplicable = Optional.empty();
      List<String> details = new ArrayList<>();
      boolean anyPass = false;
      for (Check c : children) {
        Outcome o = c.evaluate(ctx);
        if (o instanceof Outcome.Fail f) {
          violations.addAll(f.violations());
        } else if (o instanceof Outcome.Skipped s && skipped.isEmpty()) {
          skipped = Optional.of(s.reason());
        } else if (o instanceof Outcome.NotApplicable n && notApplicable.isEmpty()) {
          notApplicable = Optional.of(n.reason());
        } else if (o instanceof Outcome.Pass p) {
          anyPass = true;
          if (!p.detail().isEmpty()) {
            details.add(p.detail());
          }
        }
      }
      Outcome result;
      if (!violations.isEmpty()) {
        result = new Outcome.Fail(violations);
      } else if (skipped.isPresent()) {
        result = Outcome.skipped(skipped.get());
      } else if (!anyPass && notApplicable.isPresent()) {
        result = Outcome.notApplicable(notApplicable.get());
      } else {
        result = Outcome.pass(String.join("; ", details));
      }
      return options.apply(result, ctx);
    }
  }

  /**
   * At least one child must hold. Fails only when no child holds and none was skipped, with one
   * violation whose message joins the children's (subject, fix and level of the first); a skipped
   * child makes an otherwise failing node skipped.
   */
  record Any(List<Check> children, Options options) implements Check {
    @Override
    public void declareReads(Reads reads) {
      children.forEach(c -> c.declareReads(reads));
      options.declareReads(reads);
    }

    @Override
    public Outcome evaluate(EvalContext ctx) {
      List<Violation> violations = new ArrayList<>();
      Optional<String> skipped = Optional.empty();
      Optional<String> notApplicable = Optional.empty();
      for (Check c : children) {
        Outcome o = c.evaluate(ctx);
        if (o instanceof Outcome.Pass) {
          return o;
        } else if (o instanceof Outcome.Fail f) {
          violations.addAll(f.violations());
        } else if (o instanceof Outcome.Skipped s && skipped.isEmpty()) {
          skipped = Optional.of(s.reason());
        } else if (o instanceof Outcome.NotApplicable n && notApplicable.isEmpty()) {
          notApplicable = Optional.of(n.reason());
        }
      }
      Outcome result;
      if (skipped.isPresent()) {
        result = Outcome.skipped(skipped.get());
      } else if (!violations.isEmpty()) {
        // one finding: none of the alternatives holds
        Violation first = violations.get(0);
        String all = String.join("; and ", violations.stream().map(Violation::message).toList());
        result = new Outcome.Fail(List.of(first.withMessage(all)));
      } else {
        result = Outcome.notApplicable(notApplicable.orElse("no alternative applies"));
      }
      return options.apply(result, ctx);
    }
  }

  /**
   * The child must not hold. Its pass becomes a violation whose message is the node's {@code
   * message} (required), with {@code ${detail}} the child's pass detail; its failure becomes a
   * pass.
   */
  record Not(Check child, Options options) implements Check {
    @Override
    public void declareReads(Reads reads) {
      child.declareReads(reads);
      options.declareReads(reads);
    }

    @Override
    public Outcome evaluate(EvalContext ctx) {
      Outcome o = child.evaluate(ctx);
      if (o instanceof Outcome.Pass p) {
        Violation v =
            new Violation(
                p.detail(),
                "",
                p.subject().orElse(dev.runnerlint.findings.Finding.Subject.config("image")),
                Optional.empty(),
                Optional.empty());
        return options.apply(new Outcome.Fail(List.of(v)), ctx);
      }
      if (o instanceof Outcome.Fail f) {
        return Outcome.pass(
            String.join("; ", f.violations().stream().map(Violation::message).toList()));
      }
      return o;
    }
  }
}
