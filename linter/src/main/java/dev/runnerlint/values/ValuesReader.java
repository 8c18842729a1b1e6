package dev.runnerlint.values;

import dev.runnerlint.findings.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a parsed values file into a {@link Deployment}: only the keys runnerlint uses. */
final class ValuesReader {
  private final String file;
  private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

  ValuesReader(String file) {
    this.file = file;
  }

  Deployment read(ValuesNode root) throws ValuesException {
    if (root.isNull()) {
      return Deployment.chartDefaults(ContainerMode.DEFAULT).withValuesFile(file);
    }
    requireMap(root, "the values file");
    ContainerMode mode = ContainerMode.DEFAULT;
    Optional<ValuesNode> type = root.get("containerMode").flatMap(c -> c.get("type"));
    if (type.isPresent()) {
      String t = scalar(type.get(), "containerMode.type");
      mode =
          ContainerMode.parse(t)
              .orElseThrow(
                  () ->
                      invalid(
                          type.get(),
                          "containerMode.type '"
                              + t
                              + "' is not a container mode; expected dind, kubernetes or"
                              + " kubernetes-novolume (or \"\")"));
      at("containerMode", type.get());
    }
    Optional<ValuesNode> spec = root.get("template").flatMap(t -> t.get("spec"));
    Optional<ValuesNode> containers = spec.flatMap(s -> s.get("containers"));
    Optional<ValuesNode> pod = spec.flatMap(s -> s.get("securityContext"));
    Optional<Long> podUser = pod.flatMap(p -> id(p, "runAsUser", "template.spec.securityContext"));
    Optional<Long> podGroup =
        pod.flatMap(p -> id(p, "runAsGroup", "template.spec.securityContext"));
    Optional<Long> fsGroup = pod.flatMap(p -> id(p, "fsGroup", "template.spec.securityContext"));
    List<Long> supplementalGroups = supplementalGroups(pod);
    if (containers.isEmpty()) {
      Deployment d = Deployment.chartDefaults(mode);
      return new Deployment(
          mode,
          Optional.of(file),
          d.image(),
          d.command(),
          d.args(),
          Map.of(),
          podUser,
          podGroup,
          fsGroup,
          supplementalGroups,
          false,
          locations);
    }
    if (containers.get().kind() != ValuesNode.Kind.LIST) {
      throw invalid(
          containers.get(),
          "template.spec.containers must be a list, found " + containers.get().describe());
    }
    ValuesNode runner = null;
    for (ValuesNode c : containers.get().items()) {
      requireMap(c, "a container of template.spec.containers");
      if (c.get("name").map(n -> "runner".equals(n.text())).orElse(false)) {
        runner = c;
      }
    }
    if (runner == null) {
      throw invalid(
          containers.get(),
          "template.spec.containers has no container named 'runner' (only that one is the"
              + " runner)");
    }
    Optional<String> image = runner.get("image").map(n -> text(n, "image", "image"));
    List<String> command = words(runner, "command");
    List<String> args = words(runner, "args");
    Map<String, String> env = new LinkedHashMap<>();
    Optional<ValuesNode> envNode = runner.get("env");
    if (envNode.isPresent()) {
      if (envNode.get().kind() != ValuesNode.Kind.LIST) {
        throw invalid(envNode.get(), "env must be a list, found " + envNode.get().describe());
      }
      for (ValuesNode e : envNode.get().items()) {
        requireMap(e, "an env entry");
        ValuesNode name =
            e.get("name").orElseThrow(() -> invalid(e, "an env entry without 'name'"));
        String n = scalar(name, "env name");
        Optional<ValuesNode> value = e.get("value");
        if (value.isPresent()) {
          env.remove(n);
          env.put(n, scalar(value.get(), "env " + n));
          at("env." + n, name);
        } else if (e.get("valueFrom").isEmpty()) {
          env.remove(n);
          env.put(n, "");
          at("env." + n, name);
        }
      }
    }
    Optional<ValuesNode> sc = runner.get("securityContext");
    Optional<Long> user = sc.flatMap(s -> id(s, "runAsUser", "securityContext"));
    Optional<Long> group = sc.flatMap(s -> id(s, "runAsGroup", "securityContext"));
    boolean readOnly = false;
    Optional<ValuesNode> ro = sc.flatMap(s -> s.get("readOnlyRootFilesystem"));
    if (ro.isPresent()) {
      if (!ro.get().isBoolean()) {
        throw invalid(
            ro.get(), "readOnlyRootFilesystem must be true or false, found " + ro.get().describe());
      }
      readOnly = Boolean.parseBoolean(ro.get().text());
      at("readOnlyRootFilesystem", ro.get());
    }
    // the container's securityContext wins over the pod's, as in Kubernetes
    if (user.isPresent()) {
      at("runAsUser", sc.get().get("runAsUser").get());
    } else if (podUser.isPresent()) {
      at("runAsUser", pod.get().get("runAsUser").get());
    }
    if (group.isPresent()) {
      at("runAsGroup", sc.get().get("runAsGroup").get());
    } else if (podGroup.isPresent()) {
      at("runAsGroup", pod.get().get("runAsGroup").get());
    }
    fsGroup.ifPresent(g -> at("fsGroup", pod.get().get("fsGroup").get()));
    return new Deployment(
        mode,
        Optional.of(file),
        image,
        command,
        args,
        env,
        user.or(() -> podUser),
        group.or(() -> podGroup),
        fsGroup,
        supplementalGroups,
        readOnly,
        locations);
  }

  /** The pod's {@code securityContext.supplementalGroups}: a list of non-negative gids. */
  private List<Long> supplementalGroups(Optional<ValuesNode> pod) {
    Optional<ValuesNode> n = pod.flatMap(p -> p.get("supplementalGroups"));
    if (n.isEmpty() || n.get().isNull()) {
      return List.of();
    }
    String where = "template.spec.securityContext.supplementalGroups";
    if (n.get().kind() != ValuesNode.Kind.LIST) {
      throw unchecked(
          invalid(n.get(), where + " must be a list of gids, found " + n.get().describe()));
    }
    List<Long> gids = new ArrayList<>();
    for (ValuesNode item : n.get().items()) {
      if (!item.isInteger() || item.text().startsWith("-")) {
        throw unchecked(
            invalid(
                item, where + " items must be non-negative integers, found " + item.describe()));
      }
      try {
        gids.add(Long.parseLong(item.text()));
      } catch (NumberFormatException e) {
        throw unchecked(invalid(item, where + " item is out of range"));
      }
    }
    at("supplementalGroups", n.get());
    return gids;
  }

  private List<String> words(ValuesNode container, String key) throws ValuesException {
    Optional<ValuesNode> n = container.get(key);
    if (n.isEmpty()) {
      return List.of();
    }
    if (n.get().kind() != ValuesNode.Kind.LIST) {
      throw invalid(n.get(), key + " must be a list of strings, found " + n.get().describe());
    }
    List<String> out = new ArrayList<>();
    for (ValuesNode item : n.get().items()) {
      out.add(scalar(item, key));
    }
    at(key, n.get());
    return out;
  }

  private Optional<Long> id(ValuesNode map, String key, String where) {
    Optional<ValuesNode> n = map.get(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!n.get().isInteger() || n.get().text().startsWith("-")) {
      throw unchecked(
          invalid(
              n.get(),
              where + "." + key + " must be a non-negative integer, found " + n.get().describe()));
    }
    try {
      return Optional.of(Long.parseLong(n.get().text()));
    } catch (NumberFormatException e) {
      throw unchecked(invalid(n.get(), where + "." + key + " is out of range"));
    }
  }

  private String text(ValuesNode n, String what, String key) {
    try {
      String s = scalar(n, what);
      at(key, n);
      return s;
    } catch (ValuesException e) {
      throw unchecked(e);
    }
  }

  private String scalar(ValuesNode n, String what) throws ValuesException {
    if (n.kind() != ValuesNode.Kind.SCALAR) {
      throw invalid(n, what + " must be a string, found " + n.describe());
    }
    return n.text();
  }

  private void requireMap(ValuesNode n, String what) throws ValuesException {
    if (n.kind() != ValuesNode.Kind.MAP) {
      throw invalid(n, what + " must be a mapping, found " + n.describe());
    }
  }

  private void at(String key, ValuesNode n) {
    locations.put(key, new SourceLocation(file, n.line()));
  }

  private ValuesException invalid(ValuesNode n, String problem) {
    return new ValuesException(file, n.line(), problem);
  }

  /** Carries a {@link ValuesException} out of a lambda; {@link Deployment#read} unwraps it. */
  static final class Unchecked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unchecked(ValuesException cause) {
      super(cause);
    }

    ValuesException values() {
      return (ValuesException) getCause();
    }
  }

  private static Unchecked unchecked(ValuesException e) {
    return new Unchecked(e);
  }
}
