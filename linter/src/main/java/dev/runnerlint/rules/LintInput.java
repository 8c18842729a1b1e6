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
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One image platform to lint: its config and platform, its merged file tree, and the facts the
 * rules ask about, each computed once on first use. Never opens a stream: content that was not
 * captured while the layers streamed is a missing {@link Fact} that makes the asking check SKIPPED.
 */
public final class LintInput implements CheckInput {
  private final PlatformImage image;
  private final FileTree tree;
  private final Lazy<Fact<PasswdFile>> passwd;
  private final Lazy<Fact<GroupFile>> group;
  private final Lazy<Fact<ContainerIdentity>> identity;
  private final Lazy<PathLookup> pathLookup;
  private final Lazy<Sudoers> sudoers;

  public LintInput(PlatformImage image, FileTree tree) {
    this.image = image;
    this.tree = tree;
    this.passwd =
        new Lazy<>(() -> captured(PasswdFile.PATH).flatMap(ok -> Fact.of(PasswdFile.from(tree))));
    this.group =
        new Lazy<>(() -> captured(GroupFile.PATH).flatMap(ok -> Fact.of(GroupFile.from(tree))));
    this.identity =
        new Lazy<>(
            () ->
                passwd()
                    .flatMap(pw -> group().map(gr -> ContainerIdentity.resolve(config(), pw, gr))));
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

  @Override
  public ImageConfig config() {
    return image.config();
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
