package dev.runnerlint.rules;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.facts.PathLookup;
import dev.runnerlint.facts.SudoGrant;
import dev.runnerlint.facts.SudoUser;
import dev.runnerlint.facts.Sudoers;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.layer.Content;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.rules.lang.FactUnavailable;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One image platform to lint: its config and platform, its merged file tree, and the facts the
 * rules ask about, each computed once on first use. Never opens a stream: content that was not
 * captured while the layers streamed makes the asking check SKIPPED.
 */
public final class LintInput {
  private final PlatformImage image;
  private final FileTree tree;
  private final Lazy<PasswdFile> passwd;
  private final Lazy<GroupFile> group;
  private final Lazy<ContainerIdentity> identity;
  private final Lazy<PathLookup> pathLookup;
  private final Lazy<Sudoers> sudoers;

  public LintInput(PlatformImage image, FileTree tree) {
    this.image = image;
    this.tree = tree;
    this.passwd =
        new Lazy<>(
            () -> {
              requireCaptured(PasswdFile.PATH);
              return PasswdFile.from(tree);
            });
    this.group =
        new Lazy<>(
            () -> {
              requireCaptured(GroupFile.PATH);
              return GroupFile.from(tree);
            });
    this.identity = new Lazy<>(() -> ContainerIdentity.resolve(config(), passwd(), group()));
    this.pathLookup = new Lazy<>(() -> PathLookup.of(config()));
    this.sudoers = new Lazy<>(() -> Sudoers.from(tree));
  }

  public PlatformImage image() {
    return image;
  }

  public FileTree tree() {
    return tree;
  }

  public ImageConfig config() {
    return image.config();
  }

  public Platform platform() {
    return image.platform();
  }

  /** The image's {@code /etc/passwd} (absent when the image has none). */
  public PasswdFile passwd() {
    return passwd.get();
  }

  /** The image's {@code /etc/group} (absent when the image has none). */
  public GroupFile group() {
    return group.get();
  }

  /** Who the container runs as: the config USER resolved through passwd and group. */
  public ContainerIdentity identity() {
    return identity.get();
  }

  /** The image's PATH, for finding commands. */
  public PathLookup pathLookup() {
    return pathLookup.get();
  }

  /** The sudoers policy: {@code /etc/sudoers} and the files it includes. */
  public Sudoers sudoers() {
    return sudoers.get();
  }

  /**
   * The sudoers grant of a user of the image's passwd (with its groups from /etc/group); empty when
   * the name is not in passwd.
   */
  public Optional<SudoGrant> sudoGrant(String userName) {
    return SudoUser.lookup(userName, passwd(), group()).map(u -> sudoers().grantFor(u));
  }

  /**
   * The captured content of a regular file.
   *
   * @throws FactUnavailable (skipped) when it was not captured
   */
  public Content content(FileEntry file) {
    return tree.content(file)
        .orElseThrow(
            () ->
                FactUnavailable.missing(
                    "the content of " + file.path() + " was not captured while reading the image"));
  }

  /** Throws a skip when {@code path} is a regular file whose content was not captured. */
  void requireCaptured(String path) {
    Resolution r = tree.resolve(path);
    if (r.found() && r.entry().map(FileEntry::isRegular).orElse(false)) {
      Optional<Content> c = tree.content(r.entry().get());
      if (c.isEmpty()) {
        throw FactUnavailable.missing(
            "the content of " + path + " was not captured while reading the image");
      }
      if (c.get().truncated()) {
        throw FactUnavailable.missing(
            "only part of " + path + " was captured while reading the image");
      }
    }
  }

  /** A value computed once; a failure (e.g. missing content) is remembered too. */
  private static final class Lazy<T> {
    private Supplier<T> supplier;
    private T value;
    private RuntimeException failure;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    synchronized T get() {
      if (supplier != null) {
        try {
          value = supplier.get();
        } catch (FactUnavailable e) {
          failure = e;
        }
        supplier = null;
      }
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }
}
