package dev.runnerlint.report;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.Finding.LayerRef;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.findings.Finding.Suppression;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.findings.RuleResult.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test data builders for {@link Report}s, and the scenarios the golden files show. */
final class TestReports {
  static final Instant STARTED = Instant.parse("2025-03-04T05:06:07.890Z");
  static final String VERSION = "1.2.3";

  static final List<RuleInfo> CATALOG =
      List.of(
          rule(
              "ARC001",
              "run-sh-present",
              "arc-contract",
              Level.ERROR,
              "The runner directory contains run.sh."),
          rule(
              "ARC004",
              "workdir-is-runner-dir",
              "arc-contract",
              Level.ERROR,
              "WORKDIR is the runner directory."),
          rule(
              "ARC005",
              "root-allowed",
              "arc-contract",
              Level.ERROR,
              "A root container user sets RUNNER_ALLOW_RUNASROOT."),
          rule(
              "ARC007",
              "runner-binaries-executable",
              "arc-contract",
              Level.ERROR,
              "Runner.Listener and Runner.Worker exist and are executable."),
          rule(
              "ARC008",
              "runner-architecture",
              "arc-contract",
              Level.ERROR,
              "Runner.Listener is built for the image's platform."),
          rule(
              "ARC102",
              "container-user-uid",
              "hosted-parity",
              Level.WARNING,
              "The container user is UID 1001."),
          rule(
              "ARC103",
              "docker-group",
              "hosted-parity",
              Level.WARNING,
              "The docker group has GID 123 and runner is a member."),
          rule(
              "ARC104",
              "sudo-setuid",
              "hosted-parity",
              Level.WARNING,
              "sudo is owned by root and setuid."),
          rule(
              "ARC106",
              "home-directory",
              "hosted-parity",
              Level.WARNING,
              "The container user's HOME is /home/runner."),
          rule(
              "ARC201",
              "entrypoint-replaced",
              "arc-advice",
              Level.NOTE,
              "The image sets no ENTRYPOINT or CMD that ARC would replace."));

  private TestReports() {}

  static RuleInfo rule(String id, String name, String pack, Level level, String summary) {
    return new RuleInfo(
        id,
        name,
        pack,
        level,
        summary,
        summary + " Checked in the image's merged filesystem and config.",
        "# "
            + id
            + " "
            + name
            + "\n\n"
            + summary
            + "\n\n## How to fix\n\n```dockerfile\nWORKDIR /actions-runner\n```\n",
        "https://github.com/runnerlint/runnerlint/blob/main/rules/docs/" + id + ".md",
        List.of("arc", pack));
  }

  static Finding file(String ruleId, Level level, String path, String message, String fix) {
    return new Finding(
        ruleId, level, message, fix, Subject.file(path), Optional.empty(), Optional.empty());
  }

  static Finding config(String ruleId, Level level, String key, String message, String fix) {
    return new Finding(
        ruleId, level, message, fix, Subject.config(key), Optional.empty(), Optional.empty());
  }

  static Finding inLayer(Finding f, int index, String createdBy) {
    String digest = "sha256:" + String.valueOf((char) ('a' + index)).repeat(64);
    return new Finding(
        f.ruleId(),
        f.level(),
        f.message(),
        f.fix(),
        f.subject(),
        Optional.of(new LayerRef(index, digest, Optional.ofNullable(createdBy))),
        f.suppression());
  }

  static Finding suppressed(Finding f, String reason, LocalDate expires) {
    return f.withSuppression(new Suppression(reason, Optional.ofNullable(expires)));
  }

  /** Builds one {@link ImageResult}: every catalog rule passes unless told otherwise. */
  static final class ImageBuilder {
    private final String reference;
    private String platform = "linux/amd64";
    private String digest = "sha256:" + "0123456789abcdef".repeat(4);
    private long nanos = 1_234_567_890L;
    private final List<RuleInfo> catalog;
    private final Map<String, List<Finding>> findings = new LinkedHashMap<>();
    private final Map<String, RuleResult> explicit = new LinkedHashMap<>();

    ImageBuilder(String reference, List<RuleInfo> catalog) {
      this.reference = reference;
      this.catalog = catalog;
    }

    ImageBuilder platform(String p) {
      platform = p;
      return this;
    }

    ImageBuilder digest(String d) {
      digest = d;
      return this;
    }

    ImageBuilder finding(Finding f) {
      findings.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f);
      return this;
    }

    ImageBuilder status(String ruleId, Status status, String reason) {
      explicit.put(
          ruleId, new RuleResult(ruleId, status, List.of(), Optional.ofNullable(reason), 0));
      return this;
    }

    ImageResult build() {
      List<RuleResult> rules = new ArrayList<>();
      long ruleNanos = 1_500_000L;
      for (RuleInfo info : catalog) {
        String id = info.id();
        if (explicit.containsKey(id)) {
          rules.add(explicit.get(id));
        } else if (findings.containsKey(id)) {
          List<Finding> fs = findings.get(id);
          boolean allSuppressed = fs.stream().allMatch(Finding::suppressed);
          rules.add(
              new RuleResult(
                  id,
                  allSuppressed ? Status.SUPPRESSED : Status.FAILED,
                  fs,
                  allSuppressed
                      ? Optional.of(fs.get(0).suppression().get().reason())
                      : Optional.empty(),
                  ruleNanos));
        } else {
          rules.add(new RuleResult(id, Status.PASSED, List.of(), Optional.empty(), ruleNanos));
        }
        ruleNanos += 250_000L;
      }
      return new ImageResult(
          reference,
          repositoryOf(reference),
          Optional.of(digest),
          platform,
          rules,
          Optional.empty(),
          nanos);
    }
  }

  /** The repository part of a reference: no tag, no digest. */
  static String repositoryOf(String reference) {
    String r = reference;
    int at = r.indexOf('@');
    if (at >= 0) {
      r = r.substring(0, at);
    }
    int colon = r.lastIndexOf(':');
    if (colon > r.lastIndexOf('/')) {
      r = r.substring(0, colon);
    }
    return r;
  }

  static ImageBuilder image(String reference) {
    return new ImageBuilder(reference, CATALOG);
  }

  static ImageResult unreadable(String reference, String error) {
    return ImageResult.failed(reference, repositoryOf(reference), error, 42_000_000L);
  }

  static Report report(int exitCode, ImageResult... images) {
    return new Report(
        VERSION, CATALOG, List.of(images), Optional.of(Level.ERROR), exitCode, STARTED);
  }

  // ---- the scenarios ----

  static final String RUN_SH = "/actions-runner/run.sh";

  /** A failing image: file and config findings, one suppressed, one skipped and one disabled. */
  static ImageResult failingImage(String reference) {
    return image(reference)
        .finding(
            file(
                "ARC001",
                Level.ERROR,
                RUN_SH,
                "run.sh is missing from /actions-runner. ARC's pod command runs /actions-runner/run.sh,"
                    + " so the runner cannot start.",
                "Install the runner into /actions-runner, or pass --runner-dir /home/runner."))
        .finding(
            config(
                "ARC004",
                Level.ERROR,
                "WorkingDir",
                "WORKDIR is /home/runner, not the runner directory /actions-runner.",
                "Add WORKDIR /actions-runner to the final stage."))
        .finding(
            config(
                "ARC005",
                Level.ERROR,
                "Env.RUNNER_ALLOW_RUNASROOT",
                "The container user is root but RUNNER_ALLOW_RUNASROOT is not set. The runner refuses"
                    + " to start as root.",
                "Add USER runner, or ENV RUNNER_ALLOW_RUNASROOT=1."))
        .finding(
            inLayer(
                file(
                    "ARC007",
                    Level.ERROR,
                    "/actions-runner/bin/Runner.Listener",
                    "Runner.Listener is not executable by uid 0 (mode 0644 & owner 1001:123) <see ]]> %"
                        + " | pipes, commas: and\u0007 bells>.",
                    "Run chmod 0755 on /actions-runner/bin/Runner.Listener."),
                3,
                "COPY runner/ /actions-runner/ # buildkit"))
        .finding(
            config(
                "ARC102",
                Level.WARNING,
                "User",
                "The container user is uid 0, not 1001.",
                "Add USER runner (uid 1001)."))
        .finding(
            inLayer(
                file(
                    "ARC104",
                    Level.WARNING,
                    "/usr/bin/sudo",
                    "sudo is not setuid root (mode 0755).",
                    "Run chmod u+s /usr/bin/sudo."),
                4,
                "RUN /bin/sh -c apt-get update && apt-get install -y sudo # buildkit"))
        .finding(
            suppressed(
                config(
                    "ARC201",
                    Level.NOTE,
                    "Entrypoint",
                    "The image sets ENTRYPOINT [\"/entrypoint.sh\"], which ARC's pod command replaces.",
                    "Remove ENTRYPOINT, or start it from the pod spec."),
                "Our pod template runs /entrypoint.sh itself.",
                LocalDate.parse("2030-01-01")))
        .status("ARC103", Status.DISABLED, "disabled by --disable ARC103")
        .status("ARC106", Status.SKIPPED, "no passwd entry for the container user")
        .build();
  }

  /** One failing image plus one that could not be read. */
  static Report failing() {
    return report(
        3,
        failingImage("ghcr.io/acme/runner:1.0"),
        unreadable(
            "localhost:5000/acme/broken:2.0", "manifest unknown: tag 2.0 not found (HTTP 404)"));
  }

  static ImageResult passingImage(String reference, String platform) {
    return image(reference).platform(platform).build();
  }

  static Report passing() {
    return report(0, passingImage("ghcr.io/acme/runner:2.0", "linux/amd64"));
  }

  /** One multi-platform image whose platforms differ in verdict. */
  static Report multiPlatform() {
    ImageResult amd64 = passingImage("ghcr.io/acme/runner:1.1", "linux/amd64");
    ImageResult arm64 =
        image("ghcr.io/acme/runner:1.1")
            .platform("linux/arm64")
            .digest("sha256:" + "fedcba9876543210".repeat(4))
            .finding(
                inLayer(
                    file(
                        "ARC008",
                        Level.ERROR,
                        "/actions-runner/bin/Runner.Listener",
                        "Runner.Listener is an x86-64 ELF file, but the platform is linux/arm64.",
                        "Download the linux-arm64 runner package for the arm64 image."),
                    3,
                    "COPY runner/ /actions-runner/ # buildkit"))
            .build();
    return report(1, amd64, arm64);
  }
}
