package dev.runnerlint.facts;

import dev.runnerlint.facts.sudo.SudoGrant;
import dev.runnerlint.facts.sudo.SudoUser;
import dev.runnerlint.facts.sudo.Sudoers;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.image.ImageConfig;
import java.util.Optional;

/**
 * The facts of one image (per platform), each computed once on first use from its merged tree and
 * config. What rules ask instead of parsing files themselves. Not thread-safe.
 */
public final class ImageFacts {
  private final FileTree tree;
  private final ImageConfig config;
  private PasswdFile passwd;
  private GroupFile group;
  private ContainerIdentity identity;
  private Sudoers sudoers;

  public ImageFacts(FileTree tree, ImageConfig config) {
    this.tree = tree;
    this.config = config;
  }

  public FileTree tree() {
    return tree;
  }

  public ImageConfig config() {
    return config;
  }

  public PasswdFile passwd() {
    if (passwd == null) {
      passwd = PasswdFile.from(tree);
    }
    return passwd;
  }

  public GroupFile group() {
    if (group == null) {
      group = GroupFile.from(tree);
    }
    return group;
  }

  /** The container user resolved from the config's USER. */
  public ContainerIdentity identity() {
    if (identity == null) {
      identity = ContainerIdentity.resolve(config, passwd(), group());
    }
    return identity;
  }

  public PathLookup path() {
    return PathLookup.of(config);
  }

  public Sudoers sudoers() {
    if (sudoers == null) {
      sudoers = Sudoers.from(tree);
    }
    return sudoers;
  }

  /**
   * The sudoers grant for a user name looked up in the image's passwd and group; empty when the
   * name is not in passwd.
   */
  public Optional<SudoGrant> sudoGrant(String userName) {
    return SudoUser.lookup(userName, passwd(), group()).map(u -> sudoers().grantFor(u));
  }
}
