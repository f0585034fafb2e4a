package io.processdeploy.registry.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import io.processdeploy.api.spi.ProgressSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects the items a Docker engine streams back while pushing: progress per layer, errors (a
 * failed push does not fail the call, the error only shows in an item), and the pushed digest.
 */
public final class EnginePush extends ResultCallback.Adapter<PushResponseItem> {
  private final ProgressSink progress;
  private final List<PushResponseItem> items = new ArrayList<>();
  private final Map<String, Long> layerBytes = new HashMap<>();
  private final Map<String, String> layerStatus = new LinkedHashMap<>();

  /** Reports progress to {@code progress}. */
  public EnginePush(ProgressSink progress) {
    this.progress = progress;
  }

  @Override
  public synchronized void onNext(PushResponseItem item) {
    items.add(item);
    String id = item.getId();
    String status = item.getStatus();
    if (id == null || status == null) {
      return;
    }
    if (item.getProgressDetail() != null && item.getProgressDetail().getCurrent() != null) {
      long seen = Math.max(item.getProgressDetail().getCurrent(),
          item.getProgressDetail().getTotal() == null ? 0 : item.getProgressDetail().getTotal());
      layerBytes.merge(id, seen, Math::max);
      progress.progress(bytesUploaded(), -1, "bytes");
    }
    if (status.equals("Pushed") || status.startsWith("Layer already exists")
        || status.startsWith("Mounted from")) {
      layerStatus.put(id, status);
      progress.progress(layerStatus.size(), -1, "layers");
    }
  }

  /**
   * Every error the engine reported, empty when the push succeeded. Older engines send only the
   * deprecated {@code error} field, so both are read.
   */
  @SuppressWarnings("deprecation")
  public synchronized List<String> errors() {
    List<String> errors = new ArrayList<>();
    for (PushResponseItem item : items) {
      if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
        errors.add(item.getErrorDetail().getMessage());
      } else if (item.getError() != null) {
        errors.add(item.getError());
      }
    }
    return errors;
  }

  /** The manifest digest the engine reported, if any. */
  public synchronized Optional<String> digest() {
    for (int i = items.size() - 1; i >= 0; i--) {
      PushResponseItem item = items.get(i);
      if (item.getAux() != null && item.getAux().getDigest() != null) {
        return Optional.of(item.getAux().getDigest());
      }
    }
    return Optional.empty();
  }

  /** Layers the engine uploaded. */
  public synchronized int layersPushed() {
    return (int) layerStatus.values().stream().filter(s -> s.equals("Pushed")).count();
  }

  /** Layers the registry already had. */
  public synchronized int layersSkipped() {
    return layerStatus.size() - layersPushed();
  }

  /** Bytes of the pushed layers, as the engine's progress reported them. */
  public synchronized long bytesUploaded() {
    long sum = 0;
    for (Map.Entry<String, Long> e : layerBytes.entrySet()) {
      String status = layerStatus.get(e.getKey());
      if (status == null || status.equals("Pushed")) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
