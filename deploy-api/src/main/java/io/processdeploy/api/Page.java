package io.processdeploy.api;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the items of this page
 * @param page zero-based page number
 * @param size requested page size
 * @param total number of items over all pages
 * @param <T> item type
 */
public record Page<T>(List<T> items, int page, int size, long total) {
  /** Copies. */
  public Page {
    items = List.copyOf(items);
  }

  /** Whether a further page exists. */
  public boolean hasNext() {
    return (long) (page + 1) * size < total;
  }
}
