package dev.runnerlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.facts.Shebang.Status;
import dev.runnerlint.layer.Content;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShebangTest {

  static Shebang parse(String s) {
    return Shebang.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainInterpreter() {
    Shebang s = parse("#!/bin/bash\nset -e\n");
    assertThat(s.status()).isEqualTo(Status.OK);
    assertThat(s.interpreter()).isEqualTo("/bin/bash");
    assertThat(s.argument()).isEmpty();
    assertThat(s.usesEnv()).isFalse();
    assertThat(s.command()).hasValue("/bin/bash");
    assertThat(s.crlf()).isFalse();
  }

  @Test
  void oneArgumentWithBlanksTrimmedAsLinuxDoes() {
    Shebang s = parse("#! \t/bin/sh   -e -x  \nrest");
    assertThat(s.interpreter()).isEqualTo("/bin/sh");
    assertThat(s.argument()).hasValue("-e -x");
  }

  @Test
  void envLooksTheCommandUpOnPath() {
    Shebang s = parse("#!/usr/bin/env bash\n");
    assertThat(s.usesEnv()).isTrue();
    assertThat(s.interpreter()).isEqualTo("/usr/bin/env");
    assertThat(s.envCommand()).hasValue("bash");
    assertThat(s.command()).hasValue("bash");
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void envSplitString() {
    assertThat(parse("#!/usr/bin/env -S bash -e\n").command()).hasValue("bash");
    assertThat(parse("#!/usr/bin/env -Sbash -e\n").command()).hasValue("bash");
    assertThat(parse("#!/usr/bin/env -S -i PATH=/bin:/usr/bin python3 -u\n").command())
        .hasValue("python3");
  }

  @Test
  void envWithBlanksButNoSplitNamesOneCommandWithBlanks() {
    Shebang s = parse("#!/usr/bin/env bash -e\n");
    assertThat(s.envCommand()).hasValue("bash -e");
    assertThat(s.notes()).singleElement().asString().contains("env -S bash -e");
  }

  @Test
  void crlfIsReportedSpecially() {
    Shebang direct = parse("#!/bin/bash\r\necho hi\r\n");
    assertThat(direct.crlf()).isTrue();
    assertThat(direct.interpreter()).isEqualTo("/bin/bash\r");
    assertThat(direct.notes()).singleElement().asString().contains("'/bin/bash\\r'");

    Shebang env = parse("#!/usr/bin/env bash\r\n");
    assertThat(env.crlf()).isTrue();
    assertThat(env.command()).hasValue("bash\r");
    assertThat(env.notes()).singleElement().asString().contains("CRLF", "'bash\\r'");
  }

  @Test
  void missingNewlineInACutHeadIsTruncated() {
    String longLine = "#!/usr/bin/" + "x".repeat(300);
    byte[] head = longLine.substring(0, 256).getBytes(StandardCharsets.UTF_8);
    assertThat(Shebang.parse(head).status()).isEqualTo(Status.TRUNCATED);
    assertThat(Shebang.parse(new Content(head, true)).status()).isEqualTo(Status.TRUNCATED);
    assertThat(Shebang.parse(head).command()).isEmpty();
  }

  @Test
  void wholeFileWithoutNewlineIsComplete() {
    Shebang s = Shebang.parse(new Content("#!/bin/sh".getBytes(StandardCharsets.UTF_8), false));
    assertThat(s.status()).isEqualTo(Status.OK);
    assertThat(s.interpreter()).isEqualTo("/bin/sh");
  }

  @Test
  void notAScriptAndEmptyInterpreter() {
    assertThat(parse("echo hi\n").status()).isEqualTo(Status.NOT_SHEBANG);
    assertThat(Shebang.parse(new byte[] {0x7F, 'E', 'L', 'F'}).status())
        .isEqualTo(Status.NOT_SHEBANG);
    assertThat(parse("#!   \n").status()).isEqualTo(Status.NO_INTERPRETER);
  }
}
