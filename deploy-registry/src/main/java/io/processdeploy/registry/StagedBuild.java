package io.processdeploy.registry;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.registry.internal.Digests;
import io.processdeploy.registry.internal.RegistryBaseImage;
import io.processdeploy.registry.internal.ReleaseFiles;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A build {@link JibImageBuilder#build} checked and staged for a push straight into the target
 * registry: the base image pinned to the manifest that was checked, and the release files on
 * disk.
 *
 * @param id what identifies the build: the digest of its inputs (see {@link #id})
 * @param target the image to push
 * @param request the request it was built from
 * @param base the checked base image
 * @param files the staged release files; closing the build deletes them
 */
record StagedBuild(String id, ImageReference target, ImageBuildRequest request,
    RegistryBaseImage base, ReleaseFiles.Staged files) implements AutoCloseable {

  /**
   * The digest of everything the image is made of: the base image's manifest digest, the target,
   * the release directory, the labels and every release file (path and content digest). The same
   * inputs always give the same image, so the same id.
   */
  static String id(ImageBuildRequest request, ImageReference target, String baseManifestDigest) {
    StringBuilder inputs = new StringBuilder("processdeploy-build/1\n")
        .append("base ").append(baseManifestDigest).append('\n')
        .append("target ").append(target).append('\n')
        .append("directory ").append(request.releaseDirectory()).append('\n');
    request.labels().forEach((k, v) -> inputs.append("label ").append(k).append('=')
        .append(v).append('\n'));
    for (Map.Entry<String, byte[]> file : request.content().files().entrySet()) {
      inputs.append("file ").append(file.getKey()).append(' ')
          .append(Digests.of(file.getValue())).append('\n');
    }
    return Digests.of(inputs.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes of the release files. */
  long releaseBytes() {
    return request.content().totalBytes();
  }

  /** Deletes the staged files. */
  @Override
  public void close() {
    files.close();
  }
}
