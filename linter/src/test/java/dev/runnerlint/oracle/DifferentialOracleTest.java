package dev.runnerlint.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.cli.Environment;
import dev.runnerlint.cli.Main;
import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.fixtures.CommandResult;
import dev.runnerlint.fixtures.DebianBase;
import dev.runnerlint.fixtures.DockerDaemon;
import dev.runnerlint.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's differential suite: runner-image variants built with real {@code docker build} on a
 * real dockerd, run in real containers ({@code --network none}) as the pod's runtime runs them, and
 * linted by runnerlint from two transports ({@code docker-daemon:} and a {@code docker save}
 * archive, {@code docker-archive:}). For every image and probed rule, runnerlint's verdict (a
 * finding of the rule at its level, or none) must equal what the container did.
 *
 * <p>Kubernetes semantics are the truth: the kubelet runs the user part of {@code USER} only
 * ({@code --user NAME}; the process gets the passwd gid and its /etc/group memberships), no tty.
 * runnerlint lints with {@code --values}: the chart's default mode, command {@code
 * RUNNER_DIR/run.sh}. A second run with plain Docker semantics (the image's own {@code USER}, group
 * included) is recorded, and where the two runs differ is reported, not asserted.
 *
 * <p>{@code -Doracle.seed} (default 13) and {@code -Doracle.count} (default: the smallest count
 * whose variants bend every dimension value at least twice) choose the images; {@code bench/oracle
 * N SEED} runs a long one. The summary goes to {@code target/oracle/summary.md}.
 */
class DifferentialOracleTest {
  static final long SEED = Long.getLong("oracle.seed", 13L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORK = Path.of("target", "oracle");
  private static final String RES = "/dev/runnerlint/oracle/";

  /** The runner-image contract's layouts: base + the users, shared by the variants. */
  static final String LAYOUT_A =
      String.join(
          "\n",
          "# the official runner image's user and sudo lines (actions/actions-runner-controller)",
          "FROM %s",
          "RUN adduser --disabled-password --gecos \"\" --uid 1001 runner \\",
          "    && groupadd docker --gid 123 \\",
          "    && usermod -aG sudo runner \\",
          "    && usermod -aG docker runner \\",
          "    && echo \"%%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\" > /etc/sudoers \\",
          "    && echo \"Defaults env_keep += \\\"DEBIAN_FRONTEND\\\"\" >> /etc/sudoers \\",
          "    && chmod 777 /home/runner",
          "");

  static final String LAYOUT_B =
      String.join(
          "\n",
          "# bring-your-own: runner 1001 in docker 123, passwordless sudo in /etc/sudoers.d",
          "FROM %s",
          "RUN useradd -m -s /bin/bash -u 1001 runner \\",
          "    && groupadd -g 123 docker \\",
          "    && usermod -aG docker runner \\",
          "    && echo 'runner ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/runner \\",
          "    && chmod 0440 /etc/sudoers.d/runner",
          "");

  record Disagreement(
      Variant variant,
      String dockerfile,
      String rule,
      String transport,
      boolean predicted,
      String prediction,
      Probes.Verdict observed) {
    @Override
    public String toString() {
      return variant.name()
          + " "
          + rule
          + " via "
          + transport
          + ": runnerlint "
          + (predicted ? "reports " + prediction : "reports nothing")
          + "; the container "
          + (observed.fails() ? "fails" : "works")
          + " ("
          + observed.evidence()
          + ")\n--- Dockerfile of "
          + variant.name()
          + "\n"
          + dockerfile;
    }
  }

  /** One image's outcome. */
  record Outcome(
      Variant variant,
      String dockerfile,
      Map<String, Optional<Probes.Verdict>> observed,
      Map<String, Map<String, String>> predicted,
      List<String> modeDifferences) {}

  @Test
  void runnerlintsVerdictsAreWhatTheContainersDo() throws Exception {
    long started = System.nanoTime();
    int count = Integer.getInteger("oracle.count", VariantGenerator.coveringCount(SEED));
    List<Variant> variants = new ArrayList<>(VariantGenerator.generate(SEED, count));
    variants.addAll(VariantGenerator.pinned(count));
    DockerDaemon d = DockerDaemon.shared();
    Files.createDirectories(WORK);
    DebianBase.Base base =
        DebianBase.importInto(d, Path.of("target", "oracle-base"), "rl-oracle/base:1");
    System.out.println("oracle: base " + base.description() + (base.cached() ? " (cached)" : ""));
    String layoutA = "rl-oracle/layout-a:1";
    String layoutB = "rl-oracle/layout-b:1";
    d.build(layoutA, String.format(LAYOUT_A, base.tag()), Map.of());
    d.build(layoutB, String.format(LAYOUT_B, base.tag()), Map.of());
    Path probeDir = probeScripts();
    String runSh = resource("actions-runner/run.sh");
    String template = resource("actions-runner/run-helper.sh.template");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Outcome>> futures = new ArrayList<>();
    try {
      for (Variant v : variants) {
        futures.add(
            pool.submit(
                () ->
                    oneImage(
                        d,
                        v,
                        v.layout().equals("a") ? layoutA : layoutB,
                        probeDir,
                        runSh,
                        template)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      List<String> harness = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          harness.add(String.valueOf(e.getCause()));
        }
      }
      // removed only now: a concurrent build may be using a removed image's cached layers
      for (Variant v : variants) {
        d.docker("rmi", "-f", "rl-oracle/" + v.name() + ":1");
      }
      assertThat(harness).as("images the oracle could not build, run or lint").isEmpty();

      List<Disagreement> disagreements = new ArrayList<>();
      Map<String, int[]> perRule = new TreeMap<>(); // compared, agreed, unobservable
      for (Outcome o : outcomes) {
        for (String rule : Probes.COMPARED) {
          int[] c = perRule.computeIfAbsent(rule, k -> new int[3]);
          Optional<Probes.Verdict> obs = o.observed().get(rule);
          if (obs == null) {
            continue; // another mode's rule, in a layout that mode cannot run
          }
          if (obs.isEmpty()) {
            c[2]++;
            continue;
          }
          for (Map.Entry<String, Map<String, String>> t : o.predicted().entrySet()) {
            // a mode's rules against that mode's lint, the default mode's against the others
            String mode = Probes.MODE.get(rule);
            if (mode == null ? t.getKey().contains(" --mode ") : !t.getKey().endsWith(" " + mode)) {
              continue;
            }
            String prediction = t.getValue().get(rule);
            boolean predicted = prediction != null;
            c[0]++;
            if (predicted == obs.get().fails()) {
              c[1]++;
            } else {
              disagreements.add(
                  new Disagreement(
                      o.variant(),
                      o.dockerfile(),
                      rule,
                      t.getKey(),
                      predicted,
                      prediction,
                      obs.get()));
            }
          }
        }
      }
      String summary =
          summary(base, variants, outcomes, perRule, disagreements, System.nanoTime() - started);
      Files.writeString(WORK.resolve("summary.md"), summary);
      System.out.println(summary);
      assertThat(
              VariantGenerator.covered(variants, 2) || count < VariantGenerator.coveringCount(SEED))
          .as("every dimension value in at least two images")
          .isTrue();
      assertThat(disagreements)
          .as("runnerlint's verdicts that differ from what the container did")
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome oneImage(
      DockerDaemon d, Variant v, String layoutImage, Path probeDir, String runSh, String template)
      throws IOException {
    String tag = "rl-oracle/" + v.name() + ":1";
    String dockerfile = v.dockerfile(layoutImage);
    d.build(tag, dockerfile, v.context(runSh, template));
    String mount = probeDir.toAbsolutePath() + ":/rl-probe:ro";
    String rd = v.runnerDir();
    // Kubernetes: --user with the user part of USER; Docker: the image's own USER
    String hooks = v.layout().equals("a") ? v.hooksPath() : "";
    Probes.Run kube =
        run(
            d.run(
                tag,
                List.of("--user", v.kubeletUser(), "-v", mount),
                "/bin/sh",
                "/rl-probe/probe-user.sh",
                rd,
                hooks));
    Probes.Run docker =
        run(d.run(tag, List.of("-v", mount), "/bin/sh", "/rl-probe/probe-user.sh", rd, hooks));
    Probes.Run root =
        run(
            d.run(
                tag,
                List.of("--user", "0:0", "-v", mount),
                "/bin/sh",
                "/rl-probe/probe-root.sh",
                rd));
    Map<String, Optional<Probes.Verdict>> observed = Probes.verdicts(kube, root);

    Map<String, Map<String, String>> predicted = new LinkedHashMap<>();
    predicted.put("docker-daemon", lint(d, "docker-daemon:" + tag, rd, values(rd, null), null));
    Path archive = WORK.resolve("archives").resolve(v.name() + ".tar");
    Files.createDirectories(archive.getParent());
    try {
      d.save(tag, archive);
      predicted.put(
          "docker-archive", lint(d, "docker-archive:" + archive, rd, values(rd, null), null));
      if (v.layout().equals("a")) {
        // the dind and kubernetes-novolume modes (the kubernetes mode's rules are a subset of
        // the latter's): one lint each, from the archive only (no second export of the image)
        observed.putAll(Probes.deploymentVerdicts(kube, root));
        for (String mode : List.of("dind", "kubernetes-novolume")) {
          predicted.put(
              "docker-archive --mode " + mode,
              lint(d, "docker-archive:" + archive, rd, values(rd, v.hooksEnv()), mode));
        }
      }
    } finally {
      Files.deleteIfExists(archive);
    }

    List<String> differences = new ArrayList<>();
    // the same probes and rules of applicability; only the user differs
    Map<String, Optional<Probes.Verdict>> dockerMode = Probes.verdicts(docker, root);
    if (kube.started() != docker.started()) {
      differences.add(
          "ARC006: Kubernetes "
              + (kube.started() ? "starts" : "fails: " + firstLine(kube.error()))
              + " / Docker "
              + (docker.started() ? "starts" : "fails: " + firstLine(docker.error())));
    } else {
      for (Map.Entry<String, Optional<Probes.Verdict>> e : dockerMode.entrySet()) {
        Optional<Probes.Verdict> k = observed.get(e.getKey());
        if (!k.map(Probes.Verdict::fails).equals(e.getValue().map(Probes.Verdict::fails))) {
          differences.add(
              e.getKey() + ": Kubernetes " + describe(k) + " / Docker " + describe(e.getValue()));
        }
      }
    }
    if (kube.started() && docker.started() && !kube.get("groups").equals(docker.get("groups"))) {
      differences.add(
          "groups: Kubernetes " + kube.get("groups") + " / Docker " + docker.get("groups"));
    }
    return new Outcome(v, dockerfile, observed, predicted, differences);
  }

  private static String describe(Optional<Probes.Verdict> v) {
    return v.map(x -> (x.fails() ? "fails: " : "works: ") + x.evidence()).orElse("n/a");
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }

  private static Probes.Run run(CommandResult r) {
    return Probes.Run.of(r.exit(), r.out(), r.err());
  }

  /** The rule IDs runnerlint reports at the rule's own level, with their messages. */
  private static Map<String, String> lint(
      DockerDaemon d, String ref, String runnerDir, Path values, String mode) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new ArrayList<>(
            List.of(
                "lint",
                "--cache-dir",
                WORK.resolve("lint-cache").toString(),
                "--format",
                "json",
                "--values",
                values.toString(),
                "--runner-dir",
                runnerDir,
                "--docker-host",
                d.dockerHost()));
    if (mode != null) {
      args.addAll(List.of("--mode", mode));
    }
    args.add(ref);
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintWriter(out),
            new PrintWriter(err),
            Environment.notATerminal());
    if (code != 0 && code != 1) {
      throw new IllegalStateException("runnerlint lint " + ref + " exited " + code + ": " + err);
    }
    RuleCatalog catalog = RuleCatalog.builtin();
    Map<String, String> found = new TreeMap<>();
    try {
      JsonNode images = JSON.readTree(out.toString()).get("images");
      for (JsonNode f : images.get(0).get("findings")) {
        String id = f.get("ruleId").asText();
        String level =
            catalog.info(id).map(RuleInfo::defaultLevel).map(l -> l.id()).orElse("error");
        if (f.get("level").asText().equals(level) && !f.get("suppressed").asBoolean()) {
          found.merge(id, f.get("message").asText(), (a, b) -> a + "; " + b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /**
   * The chart's default mode with the runner container's command {@code RUNNER_DIR/run.sh} (the
   * chart's own default is /home/runner/run.sh; a bring-your-own image names its own).
   */
  static synchronized Path values(String runnerDir, String hooks) {
    Path p =
        WORK.resolve(
            "values" + runnerDir.replace('/', '-') + (hooks == null ? "" : "-hooks") + ".yaml");
    try {
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "# gha-runner-scale-set values: default container mode, the runner's command",
                  "template:",
                  "  spec:",
                  "    containers:",
                  "      - name: runner",
                  "        image: ghcr.io/actions/actions-runner:latest",
                  "        command: [\"" + runnerDir + "/run.sh\"]"));
      if (hooks != null) {
        lines.add("        env:");
        lines.add("          - name: ACTIONS_RUNNER_CONTAINER_HOOKS");
        lines.add("            value: " + hooks);
      }
      lines.add("");
      String text = String.join("\n", lines);
      // written once: lints on the other thread read it meanwhile, and a rewrite truncates it
      if (!Files.exists(p) || !Files.readString(p).equals(text)) {
        Files.writeString(p, text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static Path probeScripts() throws IOException {
    Path dir = WORK.resolve("probe");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String s : List.of("probe-user.sh", "probe-root.sh", "probe-lib.sh")) {
      Path p = dir.resolve(s);
      Files.writeString(p, resource(s));
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }
    return dir;
  }

  static String resource(String name) {
    try (InputStream in = DifferentialOracleTest.class.getResourceAsStream(RES + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + RES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String summary(
      DebianBase.Base base,
      List<Variant> variants,
      List<Outcome> outcomes,
      Map<String, int[]> perRule,
      List<Disagreement> disagreements,
      long nanos) {
    StringBuilder sb = new StringBuilder();
    int compared = perRule.values().stream().mapToInt(c -> c[0]).sum();
    int agreed = perRule.values().stream().mapToInt(c -> c[1]).sum();
    sb.append("# Differential oracle: seed ")
        .append(SEED)
        .append(", ")
        .append(variants.size())
        .append(" images\n\n");
    sb.append("- base: ").append(base.description()).append('\n');
    sb.append("- images: ")
        .append(variants.size())
        .append(" (layout a: ")
        .append(variants.stream().filter(v -> v.layout().equals("a")).count())
        .append(", layout b: ")
        .append(variants.stream().filter(v -> v.layout().equals("b")).count())
        .append("; ")
        .append(variants.size() - VariantGenerator.pinned(0).size())
        .append(" generated, ")
        .append(VariantGenerator.pinned(0).size())
        .append(" pinned)\n");
    sb.append("- transports: docker-daemon, docker-archive\n");
    sb.append("- verdicts compared: ")
        .append(compared)
        .append(", agreed: ")
        .append(agreed)
        .append(", disagreed: ")
        .append(compared - agreed)
        .append('\n');
    sb.append("- time: ").append(nanos / 1_000_000_000L).append(" s\n\n");
    sb.append("| rule | compared | agreed | not observable |\n|---|---|---|---|\n");
    perRule.forEach(
        (rule, c) ->
            sb.append("| ")
                .append(rule)
                .append(" | ")
                .append(c[0])
                .append(" | ")
                .append(c[1])
                .append(" | ")
                .append(c[2])
                .append(" |\n"));
    sb.append("\n## Not compared (no sound probe)\n\n");
    Probes.UNPROBED.forEach(
        (r, why) -> sb.append("- ").append(r).append(": ").append(why).append('\n'));
    sb.append("\n## Kubernetes vs Docker semantics (observed, not asserted)\n\n");
    Map<String, Integer> byRule = new TreeMap<>();
    int images = 0;
    for (Outcome o : outcomes) {
      if (!o.modeDifferences().isEmpty()) {
        images++;
      }
      for (String diff : o.modeDifferences()) {
        byRule.merge(diff.substring(0, diff.indexOf(':')), 1, Integer::sum);
        sb.append("- ")
            .append(o.variant().name())
            .append(" (")
            .append(o.variant().user())
            .append("): ")
            .append(diff)
            .append('\n');
      }
    }
    sb.append("\nimages whose two runs differ: ")
        .append(images)
        .append("; by probe: ")
        .append(byRule)
        .append('\n');
    sb.append("\n## Disagreements\n\n");
    List<String> lines = new ArrayList<>();
    disagreements.forEach(x -> lines.add("- " + x));
    if (lines.isEmpty()) {
      lines.add("none");
    }
    sb.append(String.join("\n", lines)).append('\n');
    sb.append("\n## Coverage (images bending each value)\n\n");
    VariantGenerator.coverage(variants)
        .forEach((p, n) -> sb.append("- ").append(p).append(": ").append(n).append('\n'));
    return sb.toString();
  }
}
