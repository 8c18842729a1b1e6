package dev.runnerlint.rules.lang;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.facts.PathLookup;
import dev.runnerlint.facts.sudo.SudoGrant;
import dev.runnerlint.facts.sudo.Sudoers;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.layer.Content;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.values.Deployment;
import java.util.Optional;

/**
 * What a check may ask about one image platform: its config, platform and merged tree, and the
 * facts computed from them. Never opens a stream: content not captured while the layers streamed is
 * a {@link Fact.Missing} that skips the asking check.
 */
public interface CheckInput {

  /** The image config as the container sees it (with a deployment: the pod's env and user). */
  ImageConfig config();

  /** The image's own config, before a deployment's env and user join it. */
  default ImageConfig imageConfig() {
    return config();
  }

  /** How the chart runs the image, when the run was given a deployment. */
  default Optional<Deployment> deployment() {
    return Optional.empty();
  }

  Platform platform();

  FileTree tree();

  /** The image's {@code /etc/passwd} (absent when the image has none); skipped if not captured. */
  Fact<PasswdFile> passwd();

  /** The image's {@code /etc/group} (absent when the image has none); skipped if not captured. */
  Fact<GroupFile> group();

  /** Who the container runs as: the config USER resolved through passwd and group. */
  Fact<ContainerIdentity> identity();

  /** The image's PATH, for finding commands. */
  PathLookup pathLookup();

  /** The sudoers policy: {@code /etc/sudoers} and the files it includes. */
  Sudoers sudoers();

  /**
   * The sudoers grant of a user of the image's passwd (with its groups from /etc/group); empty when
   * the name is not in passwd.
   */
  Fact<Optional<SudoGrant>> sudoGrant(String userName);

  /** The captured content of a regular file; skipped when it was not captured. */
  Fact<Content> content(FileEntry file);
}
