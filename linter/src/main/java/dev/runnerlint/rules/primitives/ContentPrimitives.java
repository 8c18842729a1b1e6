package dev.runnerlint.rules.primitives;

import static dev.runnerlint.rules.lang.ParamSpec.Type.PATH;
import static dev.runnerlint.rules.lang.ParamSpec.Type.STRING;

import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.layer.Content;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.ParamSpec;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Reads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Primitives about what a file says: its text. Any path: the content is captured for them. */
final class ContentPrimitives {
  private ContentPrimitives() {}

  static List<Primitive> all() {
    return List.of(contains());
  }

  static Primitive contains() {
    return new SimplePrimitive(
        "file.contains",
        "A regular file (symlinks followed) contains the text. Does not apply to a missing path;"
            + " skipped when the file was captured only in part and the part lacks the text.",
        ParamSpec.of()
            .required("path", PATH, "the file inside the image")
            .required("text", STRING, "the text it must contain (UTF-8)"),
        (p, r) -> r.reachable(p.declared("path").orElseThrow(), Reads.WHOLE),
        (p, ctx) ->
            PathPrimitives.found(p, ctx)
                .then(
                    found -> {
                      String path = found.path();
                      Fact<String> textF = p.string("text", ctx);
                      if (!textF.known()) {
                        return textF.outcome();
                      }
                      String text = textF.value();
                      Fact<Content> cF = PathPrimitives.regularContent(ctx, found);
                      if (!cF.known()) {
                        return cF.outcome();
                      }
                      Content c = cF.value();
                      FileEntry e = found.entry();
                      String shown = "'" + text + "'";
                      if (indexOf(c.bytes(), text.getBytes(StandardCharsets.UTF_8)) >= 0) {
                        return Outcome.pass(path + " contains " + shown, Subject.file(path));
                      }
                      if (c.truncated()) {
                        return Outcome.skipped(
                            "only the first "
                                + c.bytes().length
                                + " bytes of "
                                + path
                                + " were captured while reading the image, and they do not contain "
                                + shown);
                      }
                      return Outcome.fail(
                          dev.runnerlint.rules.lang.Violation.file(
                              path + " does not contain " + shown, "", path, Optional.of(e)));
                    }));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
