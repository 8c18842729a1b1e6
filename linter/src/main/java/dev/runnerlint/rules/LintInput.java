package dev.runnerlint.rules;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.facts.PathLookup;
import dev.runnerlint.facts.sudo.SudoGrant;
import dev.runnerlint.facts.sudo.SudoUser;
import dev.runnerlint.facts.sudo.Sudoers;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.layer.Content;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.rules.lang.CheckInput;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.values.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One image platform to lint: its config and platform, its merged file tree, and the facts the
 * rules ask about, each computed once on first use. Never opens a stream: content that was not
 * captured while the layers streamed is a missing {@link Fact} that makes the asking check SKIPPED.
 *
 * <p>The identity is always the pod's, resolved as the kubelet and containerd do it ({@link
 * ContainerIdentity#resolve}): only the user part of {@code USER}, or {@code runAsUser}; the
 * primary gid from passwd or {@code runAsGroup}; the {@code /etc/group} memberships, {@code
 * fsGroup} and {@code supplementalGroups} as supplementary gids. With a {@link Deployment} the
 * config is the pod's too: the values' {@code env} (and the chart's for the mode) joins the image's
 * Env, values winning as in Kubernetes.
 */
public final class LintInput implements CheckInput {
  private final PlatformImage image;
  private final FileTree tree;
  private final Optional<Deployment> deployment;
  private final ImageConfig config;
  private final Lazy<Fact<PasswdFile>> passwd;
  private final Lazy<Fact<GroupFile>> group;
  private final Lazy<Fact<ContainerIdentity>> identity;
  private final Lazy<PathLookup> pathLookup;
  private final Lazy<Sudoers> sudoers;

  public LintInput(PlatformImage image, FileTree tree) {
    this(image, tree, Optional.empty());
  }

  public LintInput(PlatformImage image, FileTree tree, Optional<Deployment> deployment) {
    this.image = image;
    this.tree = tree;
    this.deployment = deployment;
    this.config = deployment.map(d -> podConfig(image.config(), d)).orElse(image.config());
    this.passwd =
        new Lazy<>(() -> captured(PasswdFile.PATH).flatMap(ok -> Fact.of(PasswdFile.from(tree))));
    this.group =
        new Lazy<>(() -> captured(GroupFile.PATH).flatMap(ok -> Fact.of(GroupFile.from(tree))));
    this.identity =
        new Lazy<>(() -> passwd().flatMap(pw -> group().map(gr -> resolveIdentity(pw, gr))));
    this.pathLookup = new Lazy<>(() -> PathLookup.of(config()));
    this.sudoers = new Lazy<>(() -> Sudoers.from(tree));
  }

  public PlatformImage image() {
    return image;
  }

  @Override
  public FileTree tree() {
    return tree;
  }

  /** The image config as the pod sees it (with a deployment: its env joined, its user). */
  @Override
  public ImageConfig config() {
    return config;
  }

  @Override
  public Optional<Deployment> deployment() {
    return deployment;
  }

  /**
   * The pod's identity, as the kubelet and containerd make it with or without a deployment (ARC
   * always runs the image on Kubernetes): the user part of {@code USER} (or {@code runAsUser}), the
   * passwd gid (or {@code runAsGroup}), the {@code /etc/group} memberships plus {@code fsGroup} and
   * {@code supplementalGroups}.
   */
  private ContainerIdentity resolveIdentity(PasswdFile pw, GroupFile gr) {
    ContainerIdentity.PodSecurity pod =
        deployment
            .map(
                d ->
                    new ContainerIdentity.PodSecurity(
                        d.runAsUser(), d.runAsGroup(), d.fsGroup(), d.supplementalGroups()))
            .orElse(ContainerIdentity.PodSecurity.NONE);
    return ContainerIdentity.resolve(image.config().user(), config.envValue("HOME"), pw, gr, pod);
  }

  /** The image's own config, before a deployment's env and user join it. */
  @Override
  public ImageConfig imageConfig() {
    return image.config();
  }

  /**
   * The config a pod of the deployment runs with: Env joined with the container's env (values win),
   * {@code User} reduced to its user part (the kubelet passes only that to the runtime) or {@code
   * runAsUser}.
   */
  static ImageConfig podConfig(ImageConfig c, Deployment d) {
    List<String> env = new ArrayList<>(c.env());
    for (Map.Entry<String, String> e : d.env().entrySet()) {
      env.add(e.getKey() + "=" + e.getValue());
    }
    String user = c.user();
    int colon = user.indexOf(':');
    String userPart = colon < 0 ? user : user.substring(0, colon);
    String podUser = d.runAsUser().map(String::valueOf).orElse(userPart);
    return new ImageConfig(
        c.os(),
        c.architecture(),
        c.variant(),
        podUser,
        c.workingDir(),
        env,
        c.entrypoint(),
        c.cmd(),
        c.history(),
        c.diffIds());
  }

  @Override
  public Platform platform() {
    return image.platform();
  }

  @Override
  public Fact<PasswdFile> passwd() {
    return passwd.get();
  }

  @Override
  public Fact<GroupFile> group() {
    return group.get();
  }

  @Override
  public Fact<ContainerIdentity> identity() {
    return identity.get();
  }

  @Override
  public PathLookup pathLookup() {
    return pathLookup.get();
  }

  @Override
  public Sudoers sudoers() {
    return sudoers.get();
  }

  @Override
  public Fact<Optional<SudoGrant>> sudoGrant(String userName) {
    return passwd()
        .flatMap(
            pw ->
                group()
                    .map(gr -> SudoUser.lookup(userName, pw, gr).map(u -> sudoers().grantFor(u))));
  }

  @Override
  public Fact<Content> content(FileEntry file) {
    Optional<Content> c = tree.content(file);
    return c.isPresent()
        ? Fact.of(c.get())
        : Fact.skipped(
            "the content of " + file.path() + " was not captured while reading the image");
  }

  /** Known when {@code path} is not a regular file or its whole content was captured. */
  Fact<Boolean> captured(String path) {
    Resolution r = tree.resolve(path);
    if (r.found() && r.entry().map(FileEntry::isRegular).orElse(false)) {
      Optional<Content> c = tree.content(r.entry().get());
      if (c.isEmpty()) {
        return Fact.skipped("the content of " + path + " was not captured while reading the image");
      }
      if (c.get().truncated()) {
        return Fact.skipped("only part of " + path + " was captured while reading the image");
      }
    }
    return Fact.of(true);
  }

  /** A value computed once. */
  private static final class Lazy<T> {
    private Supplier<T> supplier;
    private T value;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    synchronized T get() {
      if (supplier != null) {
        value = supplier.get();
        supplier = null;
      }
      return value;
    }
  }
}
