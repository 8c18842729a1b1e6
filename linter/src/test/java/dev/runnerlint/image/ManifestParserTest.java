package dev.runnerlint.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.reference.Platform;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static byte[] json(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static String manifestBody(String configType, String layerType) {
    return "'config':{'mediaType':'"
        + configType
        + "','digest':'"
        + A
        + "','size':10},"
        + "'layers':[{'mediaType':'"
        + layerType
        + "','digest':'"
        + B
        + "','size':20},"
        + "{'mediaType':'"
        + layerType
        + "','digest':'"
        + C
        + "','size':30,"
        + "'urls':['https://example.com/l'],'annotations':{'k':'v'}}]";
  }

  @Test
  void parsesDockerV2Schema2Manifest() throws Exception {
    ManifestDocument doc =
        ManifestParser.parse(
            json(
                "{'schemaVersion':2,'mediaType':'"
                    + MediaTypes.DOCKER_MANIFEST
                    + "',"
                    + manifestBody(MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_GZIP)
                    + "}"),
            null);
    ImageManifest m = (ImageManifest) doc;
    assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config()).isEqualTo(Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.parse(A), 10));
    assertThat(m.layers()).extracting(Descriptor::size).containsExactly(20L, 30L);
    assertThat(m.layers().get(1).urls()).containsExactly("https://example.com/l");
    assertThat(m.layers().get(1).annotations()).containsEntry("k", "v");
  }

  @Test
  void parsesOciManifestWithAndWithoutMediaTypeField() throws Exception {
    String body = manifestBody(MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_ZSTD);
    ImageManifest withField =
        (ImageManifest)
            ManifestParser.parse(
                json(
                    "{'schemaVersion':2,'mediaType':'"
                        + MediaTypes.OCI_MANIFEST
                        + "',"
                        + body
                        + "}"),
                null);
    assertThat(withField.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    ImageManifest byShape =
        (ImageManifest) ManifestParser.parse(json("{'schemaVersion':2," + body + "}"), null);
    assertThat(byShape.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(byShape.layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
  }

  @Test
  void fallsBackToTheContentTypeWhenTheFieldIsAbsent() throws Exception {
    ManifestDocument doc =
        ManifestParser.parse(
            json(
                "{'schemaVersion':2,"
                    + manifestBody(MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_GZIP)
                    + "}"),
            MediaTypes.DOCKER_MANIFEST + "; charset=utf-8");
    assertThat(doc.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void parsesIndexesWithPlatforms() throws Exception {
    String entries =
        "'manifests':[{'mediaType':'"
            + MediaTypes.OCI_MANIFEST
            + "','digest':'"
            + A
            + "','size':1,'platform':{'os':'linux','architecture':'amd64'}},"
            + "{'mediaType':'"
            + MediaTypes.OCI_MANIFEST
            + "','digest':'"
            + B
            + "','size':2,'platform':{'os':'linux','architecture':'arm','variant':'v7'}},"
            + "{'mediaType':'"
            + MediaTypes.OCI_MANIFEST
            + "','digest':'"
            + C
            + "','size':3,"
            + "'platform':{'os':'unknown','architecture':'unknown'}}]";
    ImageIndex oci =
        (ImageIndex)
            ManifestParser.parse(
                json(
                    "{'schemaVersion':2,'mediaType':'"
                        + MediaTypes.OCI_INDEX
                        + "',"
                        + entries
                        + "}"),
                null);
    assertThat(oci.manifests())
        .extracting(d -> d.platform().orElseThrow())
        .containsExactly(
            Platform.parse("linux/amd64"),
            Platform.parse("linux/arm/v7"),
            Platform.parse("unknown/unknown"));
    ImageIndex list =
        (ImageIndex)
            ManifestParser.parse(
                json(
                    "{'schemaVersion':2,'mediaType':'"
                        + MediaTypes.DOCKER_MANIFEST_LIST
                        + "',"
                        + entries
                        + "}"),
                null);
    assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    ImageIndex byShape =
        (ImageIndex) ManifestParser.parse(json("{'schemaVersion':2," + entries + "}"), null);
    assertThat(byShape.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void refusesSchema1AndUnknownMediaTypesNamingThem() {
    assertThatThrownBy(
            () -> ManifestParser.parse(json("{'schemaVersion':1,'name':'x','fsLayers':[]}"), null))
        .isInstanceOfSatisfying(
            ManifestFormatException.class, e -> assertThat(e.unsupported()).isTrue())
        .hasMessageContaining("application/vnd.docker.distribution.manifest.v1+json");
    assertThatThrownBy(
            () ->
                ManifestParser.parse(
                    json("{'schemaVersion':2,'mediaType':'application/vnd.example.thing+json'}"),
                    null))
        .isInstanceOfSatisfying(
            ManifestFormatException.class, e -> assertThat(e.unsupported()).isTrue())
        .hasMessage("unsupported manifest media type application/vnd.example.thing+json");
  }

  @Test
  void reportsMalformedDocumentsAsSuch() {
    assertThatThrownBy(() -> ManifestParser.parse(json("not json"), null))
        .isInstanceOfSatisfying(
            ManifestFormatException.class, e -> assertThat(e.unsupported()).isFalse())
        .hasMessage("manifest is not valid JSON");
    assertThatThrownBy(
            () ->
                ManifestParser.parse(
                    json(
                        "{'schemaVersion':2,'mediaType':'"
                            + MediaTypes.OCI_MANIFEST
                            + "','config':{'digest':'md5:00','size':1},'layers':[]}"),
                    null))
        .hasMessageContaining("invalid digest 'md5:00'");
    assertThatThrownBy(() -> ManifestParser.parse(json("{'schemaVersion':2}"), null))
        .hasMessageContaining("neither a manifest nor an index");
  }

  @Test
  void parsesImageConfigs() throws Exception {
    ImageConfig config =
        ConfigParser.parse(
            json(
                "{'architecture':'arm64','os':'linux','variant':'v8','config':{'User':'runner',"
                    + "'WorkingDir':'/actions-runner','Env':['PATH=/usr/bin','HOME=/home/runner'],"
                    + "'Entrypoint':null,'Cmd':['/bin/sh']},'rootfs':{'type':'layers','diff_ids':['"
                    + A
                    + "']},'history':[{'created_by':'RUN x'},{'created_by':'ENV y',"
                    + "'empty_layer':true}]}"));
    assertThat(config.os()).isEqualTo("linux");
    assertThat(config.architecture()).isEqualTo("arm64");
    assertThat(config.variant()).isEqualTo("v8");
    assertThat(config.user()).isEqualTo("runner");
    assertThat(config.workingDir()).isEqualTo("/actions-runner");
    assertThat(config.envValue("HOME")).contains("/home/runner");
    assertThat(config.entrypoint()).isEmpty();
    assertThat(config.cmd()).containsExactly("/bin/sh");
    assertThat(config.diffIds()).containsExactly(Digest.parse(A));
    assertThat(config.createdByForLayer(0)).contains("RUN x");
    assertThat(config.history()).hasSize(2);
  }

  @Test
  void parsesAConfigWithoutAContainerConfigSection() throws Exception {
    ImageConfig config =
        ConfigParser.parse(
            json("{'architecture':'amd64','os':'linux','rootfs':{'type':'layers','diff_ids':[]}}"));
    assertThat(config.user()).isEmpty();
    assertThat(config.env()).isEmpty();
  }

  @Test
  void refusesAConfigWithoutRootfs() {
    assertThatThrownBy(() -> ConfigParser.parse(json("{'architecture':'amd64','os':'linux'}")))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessage("image config has no 'rootfs' with 'diff_ids': not a container image config");
    assertThatThrownBy(() -> ConfigParser.parse(json("{'os':'linux','rootfs':{'type':'layers'}}")))
        .isInstanceOf(ManifestFormatException.class);
  }
}
