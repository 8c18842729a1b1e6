package dev.runnerlint.rules;

import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.rules.lang.Reads;
import dev.runnerlint.rules.lang.YamlNode;
import dev.runnerlint.rules.lang.YamlNodeCodec;
import dev.runnerlint.rules.primitives.Primitives;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule of a run, in order: the built-in packs (bundled in the jar under {@code
 * dev/runnerlint/rules/builtin/}), then each {@code --rules FILE} pack in the order given. Rule IDs
 * are unique across packs.
 */
public final class RuleCatalog {

  /** Where the built-in packs and docs live on the classpath. */
  public static final String BUILTIN_ROOT = "dev/runnerlint/rules/builtin/";

  /** The built-in packs, in catalog order. */
  public static final List<String> BUILTIN_PACKS =
      List.of("arc-contract.yaml", "arc-parity.yaml", "arc-deployment.yaml");

  private final List<Pack> packs;
  private final List<Rule> rules;
  private final Map<String, Rule> byId;

  private RuleCatalog(List<Pack> packs) {
    this.packs = List.copyOf(packs);
    this.rules = packs.stream().flatMap(p -> p.rules().stream()).toList();
    Map<String, Rule> m = new LinkedHashMap<>();
    rules.forEach(r -> m.put(r.id(), r));
    this.byId = m;
  }

  /** The built-in catalog only. */
  public static RuleCatalog builtin() {
    try {
      return load(List.of());
    } catch (PackException e) {
      throw new IllegalStateException("built-in rule pack is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * The built-in packs followed by {@code extraPacks}.
   *
   * @throws PackException on the first pack error, with file and line (exit 2)
   */
  public static RuleCatalog load(List<Path> extraPacks) throws PackException {
    return load(builtinPacks(), extraPacks);
  }

  /**
   * The built-in packs, parsed, in catalog order: what {@link #load(List, List)} takes (the CLI
   * parses them on another thread while it parses the command line).
   *
   * @throws PackException on the first pack error (a broken build)
   */
  public static List<Pack> builtinPacks() throws PackException {
    PackLoader loader = new PackLoader(Primitives.builtin());
    List<Pack> packs = new ArrayList<>();
    for (String name : BUILTIN_PACKS) {
      packs.add(loadBuiltin(loader, name));
    }
    return List.copyOf(packs);
  }

  /**
   * {@code builtin} (from {@link #builtinPacks()}) followed by {@code extraPacks}.
   *
   * @throws PackException on the first pack error, with file and line (exit 2)
   */
  public static RuleCatalog load(List<Pack> builtin, List<Path> extraPacks) throws PackException {
    PackLoader loader = new PackLoader(Primitives.builtin());
    List<Pack> packs = new ArrayList<>(builtin);
    for (Path p : extraPacks) {
      packs.add(loadFile(loader, p));
    }
    checkUnique(packs);
    return new RuleCatalog(packs);
  }

  private static Pack loadBuiltin(PackLoader loader, String name) throws PackException {
    String file = "builtin:" + name;
    Optional<YamlNode> tree = builtinTree(name, file);
    if (tree.isPresent()) {
      return loader.load(tree.get(), file, RuleCatalog::builtinDoc);
    }
    try (InputStream in = resource(name)) {
      if (in == null) {
        throw new PackException(file, 0, "built-in pack missing from the classpath");
      }
      return loader.load(
          new InputStreamReader(in, StandardCharsets.UTF_8), file, RuleCatalog::builtinDoc);
    } catch (IOException e) {
      throw new PackException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  /**
   * The pre-parsed tree of built-in pack {@code name}, which the build writes beside the YAML
   * ({@link BuiltinPackTrees}); empty without it (classes compiled outside Maven), or when it is
   * not of this version: then the YAML is read, with the same result.
   */
  static Optional<YamlNode> builtinTree(String name, String file) {
    try (InputStream in = resource(BuiltinPackTrees.treeName(name))) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(
          YamlNodeCodec.read(new DataInputStream(new BufferedInputStream(in, 1 << 16)), file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Pack loadFile(PackLoader loader, Path path) throws PackException {
    String file = path.toString();
    Path dir = path.toAbsolutePath().getParent();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return loader.load(r, file, rel -> readDoc(dir.resolve(rel).normalize()));
    } catch (IOException e) {
      throw new PackException(file, 0, "cannot read rule pack: " + why(path, e));
    }
  }

  private static String why(Path path, IOException e) {
    if (Files.isDirectory(path)) {
      return "is a directory";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Optional<String> readDoc(Path p) {
    try {
      return Files.isRegularFile(p) ? Optional.of(Files.readString(p)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in docs from their bundle, read once (empty without it). */
  private static final class DocsBundle {
    static final Map<String, String> DOCS =
        BuiltinPackTrees.readDocsBundle(resource(BuiltinPackTrees.DOCS_BUNDLE));
  }

  static Optional<String> builtinDoc(String rel) {
    String bundled = DocsBundle.DOCS.get(rel);
    if (bundled != null) {
      return Optional.of(bundled);
    }
    try (InputStream in = resource(rel)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String rel) {
    return RuleCatalog.class.getClassLoader().getResourceAsStream(BUILTIN_ROOT + rel);
  }

  private static void checkUnique(List<Pack> packs) throws PackException {
    Map<String, Rule> seen = new LinkedHashMap<>();
    for (Pack p : packs) {
      for (Rule r : p.rules()) {
        Rule first = seen.putIfAbsent(r.id(), r);
        if (first != null) {
          throw new PackException(
              r.file(),
              r.line(),
              "duplicate rule id '"
                  + r.id()
                  + "': already declared in "
                  + first.file()
                  + ":"
                  + first.line());
        }
      }
    }
  }

  /**
   * The catalog a lint run with {@code settings} evaluates: without a deployment, the rules that
   * require one (their pack's {@code requires: deployment}, unless the rule says {@code requires:
   * image}) are left out, and a pack left with no rule with them.
   */
  public RuleCatalog forRun(LintSettings settings) {
    if (settings.deployment().isPresent() || rules.stream().noneMatch(Rule::requiresDeployment)) {
      return this;
    }
    List<Pack> kept = new ArrayList<>();
    for (Pack p : packs) {
      List<Rule> rs = p.rules().stream().filter(r -> !r.requiresDeployment()).toList();
      if (!rs.isEmpty()) {
        kept.add(new Pack(p.name(), p.file(), p.description(), rs, p.requiresDeployment()));
      }
    }
    return new RuleCatalog(kept);
  }

  public List<Pack> packs() {
    return packs;
  }

  /** Every rule, in catalog order. */
  public List<Rule> rules() {
    return rules;
  }

  /** What reporters see of every rule, in catalog order. */
  public List<RuleInfo> infos() {
    return rules.stream().map(Rule::info).toList();
  }

  /**
   * What the layers must be read capturing for these rules under {@code settings}: the union of
   * what every enabled rule's checks declare they read ({@link Reads}), with {@code ${runnerDir}}
   * taken from the settings, bounded by {@link CapturePolicy#DEFAULT_MAX_CAP} per file and {@link
   * CapturePolicy#DEFAULT_TOTAL_CAP} per image.
   */
  public CapturePolicy capturePolicy(LintSettings settings) {
    Reads reads = new Reads(settings.runnerDir());
    for (Rule r : forRun(settings).rules()) {
      if (settings.disabled().contains(r.id())) {
        continue;
      }
      r.when().ifPresent(c -> c.declareReads(reads));
      r.check().declareReads(reads);
      reads.variablesIn(r.fix());
    }
    return reads.policy();
  }

  public Optional<Rule> rule(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<RuleInfo> info(String id) {
    return rule(id).map(Rule::info);
  }
}
