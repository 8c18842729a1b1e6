package dev.runnerlint.dist;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds runnerlint's own image with Jib Core into a {@code docker load}-able tar, with no Docker
 * engine and no network: a distroless-style base assembled from this machine's files, from scratch
 * (the C libraries the jlinked runtime links, found with {@code ldd}; CA certificates; passwd and
 * group with the non-root user {@code nonroot}, UID 65532; {@code /tmp}), then the jlinked runtime,
 * then the app (jar, argument file). The entrypoint is {@code
 * /opt/runnerlint/runtime/bin/runnerlint}: the runtime's {@code java} launcher under runnerlint's
 * name (there is no shell in the image), reading its JVM options and {@code -jar} from
 * {@code @/opt/runnerlint/lib/runnerlint.args}, so {@code docker run IMAGE lint …} passes {@code
 * lint …} to runnerlint.
 *
 * <p>Usage: {@code ImageBuild RELEASE_DIR VERSION DOCKER_TAR OCI_TAR}, where RELEASE_DIR is the
 * unpacked release ({@code build-release}). DOCKER_TAR is for {@code docker load} (Docker 20.10
 * loads no OCI archive; runnerlint's {@code docker-archive:} reads {@code docker save} output, not
 * Jib's {@code config.json} naming), OCI_TAR an OCI image layout for {@code oci-archive:}, skopeo
 * and podman. Both hold the same layers.
 */
public final class ImageBuild {
  public static final String HOME = "/opt/runnerlint";
  public static final String ENTRYPOINT = HOME + "/runtime/bin/runnerlint";
  public static final String USER = "65532:65532";
  private static final Pattern LDD_LINE =
      Pattern.compile("^\\s*(?:(\\S+) => )?(/\\S+) \\(0x[0-9a-f]+\\)$");

  private ImageBuild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: ImageBuild RELEASE_DIR VERSION DOCKER_TAR OCI_TAR");
    }
    Path release = Path.of(args[0]);
    String version = args[1];
    for (int i = 2; i < 4; i++) {
      Path out = Path.of(args[i]);
      ImageFormat format = i == 2 ? ImageFormat.Docker : ImageFormat.OCI;
      JibContainer c = build(release, version, out, format, out.resolveSibling("jib-cache"));
      System.out.println(
          "image ("
              + format
              + "): "
              + out
              + " ("
              + Files.size(out) / 1024
              + " KiB, id "
              + c.getImageId()
              + ")");
    }
  }

  /** Builds the image tar; the tag is {@code runnerlint:VERSION}. */
  public static JibContainer build(
      Path release, String version, Path out, ImageFormat format, Path cache) throws Exception {
    Path work = Files.createTempDirectory(out.getParent(), "image-");
    try {
      Path runtime = release.resolve("runtime");
      FileEntriesLayer libc = libraries(runtime);
      FileEntriesLayer etc = etc(work);
      FileEntriesLayer runtimeLayer =
          FileEntriesLayer.builder()
              .setName("runtime")
              .addEntryRecursive(runtime, AbsoluteUnixPath.get(HOME + "/runtime"), ImageBuild::mode)
              // the java launcher under runnerlint's name, beside it so it finds ../lib
              .addEntry(
                  runtime.resolve("bin/java"),
                  AbsoluteUnixPath.get(ENTRYPOINT),
                  FilePermissions.fromOctalString("755"))
              .build();
      Path argFile = work.resolve("runnerlint.args");
      // the launcher's options (bin/runnerlint of the tarball), as an @argfile: no shell here
      Files.writeString(
          argFile,
          "-XX:+UseSerialGC\n-XX:MaxNewSize=32m\n-Xlog:gc+ergo=off\n-XX:TieredStopAtLevel=1\n"
              + "-XX:CICompilerCount=1\n-jar\n"
              + HOME
              + "/lib/runnerlint.jar\n");
      FileEntriesLayer.Builder app =
          FileEntriesLayer.builder()
              .setName("app")
              .addEntry(
                  release.resolve("lib/runnerlint.jar"),
                  AbsoluteUnixPath.get(HOME + "/lib/runnerlint.jar"),
                  FilePermissions.fromOctalString("644"))
              .addEntry(
                  argFile,
                  AbsoluteUnixPath.get(HOME + "/lib/runnerlint.args"),
                  FilePermissions.fromOctalString("644"));
      return Jib.fromScratch()
          .setFormat(format)
          .setPlatforms(Set.of(new Platform("amd64", "linux")))
          .setCreationTime(Instant.EPOCH)
          .addFileEntriesLayer(libc)
          .addFileEntriesLayer(etc)
          .addFileEntriesLayer(runtimeLayer)
          .addFileEntriesLayer(app.build())
          .setEnvironment(
              Map.of(
                  "PATH", HOME + "/runtime/bin",
                  "HOME", "/home/nonroot",
                  "SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
          .setUser(USER)
          .setWorkingDirectory(AbsoluteUnixPath.get("/home/nonroot"))
          .setEntrypoint(ENTRYPOINT, "@" + HOME + "/lib/runnerlint.args")
          .setProgramArguments(List.of("--help"))
          .setLabels(
              Map.of(
                  "org.opencontainers.image.title", "runnerlint",
                  "org.opencontainers.image.version", version,
                  "org.opencontainers.image.licenses", "Apache-2.0",
                  "org.opencontainers.image.description",
                      "Checks container images against ARC's runner-image contract"))
          .containerize(
              Containerizer.to(
                      TarImage.at(out).named(ImageReference.of(null, "runnerlint", version)))
                  .setOfflineMode(true)
                  .setBaseImageLayersCache(cache.resolve("base"))
                  .setApplicationLayersCache(cache.resolve("app"))
                  .setToolName("runnerlint-dist")
                  .setToolVersion(version));
    } finally {
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The shared libraries the runtime's executables and libraries link (transitively, as {@code ldd}
   * resolves them on this machine), each at the path {@code ldd} names, from the real file.
   */
  static FileEntriesLayer libraries(Path runtime) throws IOException, InterruptedException {
    List<Path> objects = new ArrayList<>();
    objects.add(runtime.resolve("bin/java"));
    try (Stream<Path> s = Files.walk(runtime.resolve("lib"))) {
      s.filter(p -> p.toString().endsWith(".so")).sorted().forEach(objects::add);
    }
    Map<String, Path> libs = new TreeMap<>();
    for (Path o : objects) {
      for (Map.Entry<String, Path> e : ldd(o).entrySet()) {
        if (!e.getValue().startsWith(runtime)) {
          libs.put(e.getKey(), e.getValue());
        }
      }
    }
    if (libs.keySet().stream().noneMatch(p -> p.matches(".*/libc\\.so\\.6"))) {
      throw new IllegalStateException("ldd found no libc.so.6 for " + runtime + ": " + libs);
    }
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("libc");
    for (Map.Entry<String, Path> e : libs.entrySet()) {
      layer.addEntry(
          e.getValue().toRealPath(),
          AbsoluteUnixPath.get(e.getKey()),
          FilePermissions.fromOctalString("755"));
    }
    return layer.build();
  }

  /** ldd of one object: path in the image (as linked) → file on this machine. */
  static Map<String, Path> ldd(Path object) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ldd", object.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ldd " + object + " failed: " + out);
    }
    Map<String, Path> found = new TreeMap<>();
    for (String line : out.split("\n")) {
      if (line.contains("not found")) {
        // libjvm's siblings resolve through the runtime's own RUNPATH at run time
        if (line.contains("libjvm.so") || line.contains("libjava.so") || line.contains("libjli")) {
          continue;
        }
        throw new IOException("ldd " + object + ": " + line.strip());
      }
      Matcher m = LDD_LINE.matcher(line);
      if (m.matches()) {
        Path file = Path.of(m.group(2));
        String name = m.group(1);
        // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1": the loader looks for the soname in
        // the default directories; "/lib64/ld-linux-x86-64.so.2": the program interpreter.
        found.put(file.toString(), file);
        if (name != null && name.startsWith("/")) {
          found.put(name, file);
        }
      }
    }
    return found;
  }

  /** passwd, group, nsswitch.conf, CA certificates, /tmp and the user's home. */
  static FileEntriesLayer etc(Path work) throws IOException {
    Path passwd =
        write(
            work,
            "passwd",
            "root:x:0:0:root:/root:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
    Path group = write(work, "group", "root:x:0:\nnonroot:x:65532:\n");
    Path nsswitch = write(work, "nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");
    Path hosts = write(work, "hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
    Path dir = Files.createDirectories(work.resolve("dir"));
    Path certs = Path.of("/etc/ssl/certs/ca-certificates.crt");
    if (!Files.isRegularFile(certs)) {
      throw new IOException("no CA certificates at " + certs + ": install ca-certificates");
    }
    FileEntriesLayer.Builder b =
        FileEntriesLayer.builder()
            .setName("etc")
            .addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), perm("644"))
            .addEntry(group, AbsoluteUnixPath.get("/etc/group"), perm("644"))
            .addEntry(nsswitch, AbsoluteUnixPath.get("/etc/nsswitch.conf"), perm("644"))
            .addEntry(hosts, AbsoluteUnixPath.get("/etc/hosts"), perm("644"))
            .addEntry(
                certs.toRealPath(),
                AbsoluteUnixPath.get("/etc/ssl/certs/ca-certificates.crt"),
                perm("644"))
            // zstd-jni unpacks its native library into java.io.tmpdir
            .addEntry(dir, AbsoluteUnixPath.get("/tmp"), perm("777"));
    b.addEntry(
        new com.google.cloud.tools.jib.api.buildplan.FileEntry(
            dir,
            AbsoluteUnixPath.get("/home/nonroot"),
            perm("755"),
            com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
            "65532:65532"));
    return b.build();
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static FilePermissions perm(String octal) {
    return FilePermissions.fromOctalString(octal);
  }

  /** Keeps the staged file's mode (executables stay executable). */
  private static FilePermissions mode(Path source, AbsoluteUnixPath target) {
    try {
      return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
